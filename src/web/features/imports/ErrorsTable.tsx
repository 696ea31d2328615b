import { useQuery } from '@tanstack/react-query';
import { Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportMapping, ImportRowError } from '../../api/imports.types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { KeysetPager } from '../../ui/keyset';
import { fieldLabel, rowErrorText } from './labels';
import { fetchErrorsPage, importsKey } from './queries';

/**
 * Every bad row of a batch with its row number (as in the spreadsheet), the file's column,
 * the value and the reason, paged by the server's cursor. `version` changes after a new
 * dry run, so the table starts again at page one.
 */
export function ErrorsTable({ batchId, mapping, version }: { batchId: string; mapping: ImportMapping | null; version?: string }) {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [limit, setLimit] = useState(20);
  const [seenVersion, setSeenVersion] = useState(version);
  if (version !== seenVersion) {
    setSeenVersion(version);
    setCursors([undefined]);
  }
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    queryKey: [...importsKey, 'errors', batchId, version, cursor, limit],
    queryFn: () => fetchErrorsPage(batchId, cursor, limit),
    placeholderData: (prev) => prev,
  });
  const column = (e: ImportRowError) => {
    if (!e.field) return '–';
    const header = mapping?.[e.field];
    return header ? (
      <span>
        {header} <Typography.Text type="secondary">({fieldLabel(e.field)})</Typography.Text>
      </span>
    ) : (
      fieldLabel(e.field)
    );
  };
  return (
    <div data-testid="import-errors">
      <ErrorAlert error={page.error} style={{ marginBottom: 8 }} />
      <Table<ImportRowError>
        size="small"
        rowKey={(e) => `${e.rowNo}:${e.field}:${e.code}`}
        loading={page.isFetching}
        dataSource={page.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('imports.errors.empty') }}
        scroll={{ x: 800 }}
        columns={[
          { title: t('imports.errors.rowNo'), dataIndex: 'rowNo', width: 80, align: 'right' },
          { title: t('imports.errors.column'), key: 'column', width: 240, render: (_, e) => column(e) },
          { title: t('imports.errors.value'), dataIndex: 'value', width: 180, ellipsis: true, render: (v: string | null) => v ?? '–' },
          { title: t('imports.errors.reason'), key: 'reason', render: (_, e) => <span data-testid="import-error-reason">{rowErrorText(e)}</span> },
        ]}
        onRow={(e) => ({ 'data-testid': 'import-error-row', 'data-row': e.rowNo }) as React.HTMLAttributes<HTMLElement>}
        footer={() => (
          <KeysetPager
            page={cursors.length}
            hasNext={!!page.data?.nextCursor}
            limit={limit}
            onPrev={() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c))}
            onNext={() => page.data?.nextCursor && setCursors((c) => [...c, page.data!.nextCursor!])}
            onLimit={(n) => {
              setLimit(n);
              setCursors([undefined]);
            }}
          />
        )}
      />
    </div>
  );
}
