import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { changedKeys, isObject } from './describe';

const json = (v: unknown) => JSON.stringify(v, null, 2);

const cell = { padding: '2px 8px', borderBottom: '1px solid #f0f0f0', verticalAlign: 'top' as const };

/**
 * Before and after side by side. Snapshots that are objects are lined up key by key,
 * and changed keys are highlighted, so a reviewer sees at once what moved.
 */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  if (before == null && after == null) return <Typography.Text type="secondary">{t('audit.nothingRecorded')}</Typography.Text>;

  if ((isObject(before) || before == null) && (isObject(after) || after == null)) {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    const changed = new Set(before != null && after != null ? changedKeys(before, after) : []);
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return (
      <table style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' }} data-testid="audit-diff">
        <thead>
          <tr>
            <th style={{ ...cell, textAlign: 'left', width: '50%' }}>{t('audit.before')}</th>
            <th style={{ ...cell, textAlign: 'left', width: '50%' }}>{t('audit.after')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const isChanged = changed.has(k);
            return (
              <tr key={k}>
                <td style={{ ...cell, background: isChanged ? '#fff1f0' : undefined }}>
                  {before != null && k in b ? <pre className="sd-json">{`${k}: ${json(b[k])}`}</pre> : null}
                </td>
                <td style={{ ...cell, background: isChanged ? '#f6ffed' : undefined }}>
                  {after != null && k in a ? <pre className="sd-json">{`${k}: ${json(a[k])}`}</pre> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  }

  return (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
      <div>
        <Typography.Text strong>{t('audit.before')}</Typography.Text>
        <pre className="sd-json">{before == null ? '—' : json(before)}</pre>
      </div>
      <div>
        <Typography.Text strong>{t('audit.after')}</Typography.Text>
        <pre className="sd-json">{after == null ? '—' : json(after)}</pre>
      </div>
    </div>
  );
}
