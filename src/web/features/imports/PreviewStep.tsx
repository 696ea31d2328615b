import { Alert, Descriptions, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../api/imports.types';

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** Step 2: the first rows as the server read them (row numbers as in the spreadsheet: the header is row 1). */
export function PreviewStep({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const delimiter = preview.delimiter ? DELIMITER_NAMES[preview.delimiter] : undefined;
  return (
    <div data-testid="import-preview">
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('imports.fileName')}>{t('imports.preview.summary', { format: preview.format.toUpperCase(), columns: preview.headers.length, rows: preview.rows.length })}</Descriptions.Item>
        {preview.encoding && <Descriptions.Item label={t('imports.preview.encoding')}>{preview.encoding.toUpperCase()}</Descriptions.Item>}
        {delimiter && <Descriptions.Item label={t('imports.preview.delimiter')}>{t(`imports.preview.delimiters.${delimiter}` as 'imports.preview.delimiters.comma')}</Descriptions.Item>}
      </Descriptions>
      {preview.headers.length === 1 && <Alert type="warning" showIcon message={t('imports.fileErrors.delimiter')} style={{ marginBottom: 12 }} data-testid="single-column" />}
      <Table<{ rowNo: number; cells: string[] }>
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 'max-content', y: 480 }}
        rowKey="rowNo"
        dataSource={preview.rows.map((cells, i) => ({ rowNo: i + 2, cells }))}
        columns={[
          { title: t('imports.preview.rowNo'), dataIndex: 'rowNo', width: 60, fixed: 'left', align: 'right' },
          ...preview.headers.map((h, i) => ({ title: h, key: `c${i}`, render: (_: unknown, r: { cells: string[] }) => r.cells[i] ?? '', ellipsis: true, width: 140 })),
        ]}
      />
    </div>
  );
}
