import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type QueryParams } from '../api-client';
import { errorMessage } from '../i18n/labels';

/** The file name from Content-Disposition (RFC 5987 `filename*` first: names may be Chinese). */
function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // a malformed name: use the plain one
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/**
 * GETs an export and saves it. Fetched (not a plain link) so a refusal, such as too many
 * rows for one file, is shown as a message instead of replacing the page with JSON.
 */
export async function downloadExport(path: string, query: QueryParams, fallbackName: string): Promise<void> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  let res: Response;
  try {
    res = await fetch(`${path}?${params.toString()}`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, code: 'network_error', message: 'The server could not be reached' });
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string; title?: string };
    throw new ApiError({ status: res.status, code: body.code ?? 'internal', message: body.title ?? res.statusText });
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * "Export" with a CSV / XLSX choice, for every list's GET …/export?format= with the filters
 * the list shows now (`query` is read at the click). The server writes the headers in the
 * reader's language.
 */
export function ExportButton({ path, query, fileName = 'export', testId = 'export' }: { path: string; query: QueryParams | (() => QueryParams); fileName?: string; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      await downloadExport(path, { ...(typeof query === 'function' ? query() : query), format }, `${fileName}.${format}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown
      trigger={['hover', 'click']}
      menu={{
        items: [
          { key: 'csv', label: <span data-testid={`${testId}-csv`}>{t('common.exportCsv')}</span> },
          { key: 'xlsx', label: <span data-testid={`${testId}-xlsx`}>{t('common.exportXlsx')}</span> },
        ],
        onClick: ({ key }) => void run(key as 'csv' | 'xlsx'),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy} data-testid={testId}>
        {t('common.export')} <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
