import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Checkbox, Space, Steps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { createActionKey, isApiError } from '../../api-client';
import type { ImportBatch, ImportKind, ImportMapping, ImportUploaded } from '../../api/imports.types';
import { errorMessage, fieldErrorMessage } from '../../i18n/labels';
import { CheckStep } from './CheckStep';
import { fieldLabel, fileErrorOf, listJoin } from './labels';
import { cleanMapping, missingRequired } from './mapping';
import { MappingStep } from './MappingStep';
import { PreviewStep } from './PreviewStep';
import { dryRun, runImport } from './queries';
import { RunStep } from './RunStep';
import { UploadStep } from './UploadStep';

type Step = 0 | 1 | 2 | 3 | 4;

/** What an order-lines import may create (the server's defaults: everything). */
type CreateOptions = { createCustomers: boolean; createProducts: boolean; createRegions: boolean };
const CREATE_ALL: CreateOptions = { createCustomers: true, createProducts: true, createRegions: true };

function CreateOptionsBox({ value, onChange }: { value: CreateOptions; onChange: (v: CreateOptions) => void }) {
  const { t } = useTranslation();
  return (
    <Space wrap style={{ display: 'flex', marginTop: 12 }} data-testid="create-options">
      {(['createCustomers', 'createProducts', 'createRegions'] as const).map((k) => (
        <Checkbox key={k} checked={value[k]} onChange={(e) => onChange({ ...value, [k]: e.target.checked })} data-testid={`option-${k}`}>
          {t(`imports.options.${k}`)}
        </Checkbox>
      ))}
    </Space>
  );
}

/** A refusal of the mapping or the file, with the server's reasons (the mapping problems are English sentences). */
function StepError({ error }: { error: unknown }) {
  if (!error) return null;
  // A file that reads wrongly only once the whole of it is checked (a delimiter that leaves one column, a bad byte further in).
  const aboutFile = fileErrorOf(error);
  if (aboutFile) return <Alert type="error" showIcon role="alert" message={aboutFile} data-testid="step-error" />;
  const details = isApiError(error) ? error.fields.map((f) => fieldErrorMessage(f)) : [];
  return <Alert type="error" showIcon role="alert" message={errorMessage(error)} description={details.length ? details.join('; ') : undefined} data-testid="step-error" />;
}

/** /imports/new: file → preview → column mapping → dry run → import with progress. */
export function ImportWizardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>(0);
  const [kind, setKind] = useState<ImportKind>('orders');
  const [uploaded, setUploaded] = useState<ImportUploaded | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [checked, setChecked] = useState<{ batch: ImportBatch; id: string } | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [createOptions, setCreateOptions] = useState<CreateOptions>(CREATE_ALL);
  const [started, setStarted] = useState<ImportBatch | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const checkKey = useMemo(() => createActionKey(), []);
  const runKey = useMemo(() => createActionKey(), []);

  const restart = () => {
    setStep(0);
    setUploaded(null);
    setMapping({});
    setChecked(null);
    setSkipInvalid(false);
    setCreateOptions(CREATE_ALL);
    setStarted(null);
    setError(null);
  };

  // Only order lines create other records; the other kinds take no such options.
  const options = kind === 'orders' ? createOptions : {};

  const onUploaded = (u: ImportUploaded) => {
    setUploaded(u);
    setMapping(u.preview.suggestedMapping);
    setChecked(null);
    setStep(1);
  };

  const missing = uploaded ? missingRequired(kind, uploaded.preview.fields, mapping) : [];

  const check = async () => {
    if (!uploaded) return;
    setBusy(true);
    setError(null);
    try {
      const r = await dryRun(uploaded.batch.id, cleanMapping(mapping), checkKey, options);
      // Each dry run is its own action (the file is read again); the error list restarts at page one.
      checkKey.reset();
      setChecked({ batch: r.batch, id: `${Date.now()}` });
      setSkipInvalid(false);
      setStep(3);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const run = async () => {
    if (!uploaded) return;
    setBusy(true);
    setError(null);
    try {
      const r = await runImport(uploaded.batch.id, cleanMapping(mapping), runKey, { ...options, skipInvalidRows: skipInvalid });
      setStarted(r.batch);
      setStep(4);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const back = () => {
    setError(null);
    setStep((s) => (s > 0 ? ((s - 1) as Step) : s));
  };

  let body: React.ReactNode = null;
  let footer: React.ReactNode = null;
  if (step === 0) {
    body = <UploadStep kind={kind} onKind={setKind} onUploaded={onUploaded} />;
  } else if (step === 1 && uploaded) {
    body = <PreviewStep preview={uploaded.preview} />;
    footer = (
      <>
        <Button onClick={restart}>{t('imports.back')}</Button>
        <Button type="primary" onClick={() => setStep(2)} data-testid="wizard-next">
          {t('imports.next')}
        </Button>
      </>
    );
  } else if (step === 2 && uploaded) {
    body = (
      <>
        <MappingStep kind={kind} preview={uploaded.preview} mapping={mapping} onChange={setMapping} />
        {kind === 'orders' && <CreateOptionsBox value={createOptions} onChange={setCreateOptions} />}
      </>
    );
    footer = (
      <>
        <Button onClick={back} data-testid="wizard-back">
          {t('imports.back')}
        </Button>
        <Button type="primary" onClick={check} loading={busy} disabled={missing.length > 0} data-testid="run-check">
          {busy ? t('imports.check.running') : t('imports.check.run')}
        </Button>
        {missing.length > 0 && (
          <Alert type="warning" showIcon message={t('imports.mapping.missingRequired', { fields: listJoin(missing.map(fieldLabel)) })} style={{ padding: '4px 12px' }} data-testid="missing-required" />
        )}
      </>
    );
  } else if (step === 3 && uploaded && checked) {
    body = <CheckStep batch={checked.batch} mapping={mapping} checkId={checked.id} skipInvalid={skipInvalid} onSkipInvalid={setSkipInvalid} />;
    const canRun = checked.batch.validRows > 0 && (checked.batch.errorRows === 0 || skipInvalid);
    footer = (
      <>
        <Button onClick={back}>{t('imports.back')}</Button>
        <Button type="primary" onClick={run} loading={busy} disabled={!canRun} data-testid="start-import">
          {t('imports.run.start')}
        </Button>
      </>
    );
  } else if (step === 4 && started) {
    body = <RunStep started={started} onAnother={restart} />;
  }

  return (
    <PageContainer title={t('imports.newTitle')} onBack={() => navigate('/imports')}>
      <Card>
        <Steps
          current={step}
          style={{ marginBottom: 24 }}
          items={[t('imports.steps.upload'), t('imports.steps.preview'), t('imports.steps.mapping'), t('imports.steps.check'), t('imports.steps.import')].map((title) => ({ title }))}
          data-testid="import-steps"
        />
        {body}
        <StepError error={error} />
        {footer && <Space style={{ marginTop: 16 }} wrap>{footer}</Space>}
      </Card>
    </PageContainer>
  );
}
