import { Alert, Checkbox, Space, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportBatch, ImportMapping } from '../../api/imports.types';
import { ErrorsTable } from './ErrorsTable';

/** Step 4: the dry run's counts and every bad row with its reason. */
export function CheckStep(props: { batch: ImportBatch; mapping: ImportMapping; checkId: string; skipInvalid: boolean; onSkipInvalid: (v: boolean) => void }) {
  const { batch, mapping, checkId, skipInvalid, onSkipInvalid } = props;
  const { t } = useTranslation();
  const bad = batch.errorRows;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="import-check">
      <Space size={48}>
        <Statistic title={t('imports.check.totalRows')} value={batch.totalRows} valueRender={(v) => <span data-testid="check-total">{v}</span>} />
        <Statistic title={t('imports.check.validRows')} value={batch.validRows} valueRender={(v) => <span data-testid="check-valid">{v}</span>} />
        <Statistic title={t('imports.errorRows')} value={bad} valueStyle={bad ? { color: '#cf1322' } : undefined} valueRender={(v) => <span data-testid="check-errors">{v}</span>} />
      </Space>
      {bad === 0 ? (
        <Alert type="success" showIcon message={t('imports.check.allGood', { total: batch.totalRows })} data-testid="check-ok" />
      ) : (
        <Alert
          type="warning"
          showIcon
          message={t('imports.check.someBad', { bad, total: batch.totalRows })}
          description={
            <Space direction="vertical">
              {t('imports.check.badHint')}
              <Checkbox checked={skipInvalid} onChange={(e) => onSkipInvalid(e.target.checked)} disabled={batch.validRows === 0} data-testid="skip-invalid">
                {t('imports.check.skipInvalid')}
              </Checkbox>
            </Space>
          }
          data-testid="check-bad"
        />
      )}
      {bad > 0 && <ErrorsTable batchId={batch.id} mapping={mapping} version={checkId} />}
    </Space>
  );
}
