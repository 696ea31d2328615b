import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Export of a list with the filters it shows now: a plain GET download (the session
 * cookie is enough for a GET), headers in the reader's language from the server.
 */
export function ExportButton({ path, filters, testId }: { path: string; filters: () => Record<string, string>; testId?: string }) {
  const { t } = useTranslation();
  const download = (format: 'csv' | 'xlsx') => {
    const qs = new URLSearchParams({ ...filters(), format });
    const a = document.createElement('a');
    a.href = `${path}?${qs.toString()}`;
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <Dropdown
      menu={{
        items: [
          { key: 'csv', label: t('customers.exportCsv'), onClick: () => download('csv') },
          { key: 'xlsx', label: t('customers.exportXlsx'), onClick: () => download('xlsx') },
        ],
      }}
    >
      <Button icon={<DownloadOutlined />} data-testid={testId}>
        {t('customers.export')}
      </Button>
    </Dropdown>
  );
}
