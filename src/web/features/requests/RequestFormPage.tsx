import { PageContainer, ProForm, ProFormText, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
import type { GeneralRequest } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadError } from '../../ui/ErrorPages';
import { applyFieldErrors } from '../../ui/form-errors';
import { minorToInput, parseMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { AttachmentList, AttachmentUpload } from '../files/Attachments';

interface Values {
  title: string;
  body?: string;
  amount?: string;
  fileIds?: string[];
}

function RequestForm({ existing }: { existing?: GeneralRequest }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const currency = existing?.currency ?? me.company.currency;
  const [version, setVersion] = useState(existing?.version);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  const key = useMemo(() => createActionKey(), []);

  const save = async (submit: boolean) => {
    let values: Values;
    try {
      values = await formRef.current!.validateFields();
    } catch {
      return;
    }
    setError(null);
    setBusy(submit ? 'submit' : 'draft');
    const amount = values.amount?.trim() ? parseMoney(values.amount, currency) : null;
    const common = { title: values.title.trim(), body: values.body ?? '', amount: amount ?? null };
    try {
      let saved: GeneralRequest;
      if (existing) {
        saved = await api.patch<GeneralRequest>(`/api/v1/requests/${existing.id}`, { ...common, version });
        setVersion(saved.version);
        if (submit) saved = await api.post<GeneralRequest>(`/api/v1/requests/${existing.id}/submit`, { version: saved.version }, { idempotencyKey: key.for({ submit: existing.id, v: saved.version }) });
      } else {
        const body = { ...common, submit, fileIds: values.fileIds ?? [] };
        saved = await api.post<GeneralRequest>('/api/v1/requests', body, { idempotencyKey: key.for(body) });
      }
      key.reset();
      message.success(t(submit ? 'requests.submittedMessage' : 'requests.savedMessage', { number: saved.number }));
      await Promise.all([qc.invalidateQueries({ queryKey: ['requests'] }), qc.invalidateQueries({ queryKey: ['approvals'] }), qc.invalidateQueries({ queryKey: ['workbench'] })]);
      navigate(`/requests/${saved.id}`);
    } catch (e) {
      if (isApiError(e, 'version_conflict')) setConflict(true);
      else if (!applyFieldErrors(formRef.current, e)) setError(e);
    } finally {
      setBusy(null);
    }
  };

  const reload = async () => {
    if (!existing) return;
    const fresh = await api.get<GeneralRequest>(`/api/v1/requests/${existing.id}`);
    setVersion(fresh.version);
    formRef.current?.setFieldsValue({ title: fresh.title, body: fresh.body, amount: minorToInput(fresh.amount, fresh.currency) });
    setConflict(false);
    message.info(t('conflict.reloaded'));
  };

  return (
    <Card>
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('conflict.title')}
          description={t('errors.version_conflict')}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t('conflict.reload')}
            </Button>
          }
        />
      ) : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <ProForm<Values>
        formRef={formRef}
        layout="vertical"
        style={{ maxWidth: 760 }}
        initialValues={existing ? { title: existing.title, body: existing.body, amount: minorToInput(existing.amount, existing.currency) } : {}}
        submitter={false}
        data-testid="request-form"
      >
        <ProFormText name="title" label={t('requests.titleField')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200, message: t('validation.tooLong', { max: 200 }) }]} />
        <ProFormTextArea name="body" label={t('requests.body')} fieldProps={{ rows: 6, maxLength: 20000 }} />
        <ProFormText
          name="amount"
          label={t('requests.amountIn', { currency })}
          width="sm"
          fieldProps={{ inputMode: 'decimal', placeholder: '0.00' }}
          extra={t('requests.amountHelp')}
          rules={[{ validator: async (_, v) => (!v || !String(v).trim() || parseMoney(v, currency) !== undefined ? undefined : Promise.reject(new Error(t('validation.amount')))) }]}
        />
        {existing ? (
          <ProForm.Item label={t('files.attachments')}>
            <AttachmentList entityType="general_request" entityId={existing.id} canUpload />
          </ProForm.Item>
        ) : (
          <ProForm.Item name="fileIds" label={t('files.attachments')}>
            <AttachmentUpload />
          </ProForm.Item>
        )}
      </ProForm>
      <Space wrap style={{ marginTop: 8 }}>
        <Button onClick={() => void save(false)} loading={busy === 'draft'} disabled={!!busy} data-testid="save-draft">
          {t('requests.saveDraft')}
        </Button>
        <Button type="primary" onClick={() => void save(true)} loading={busy === 'submit'} disabled={!!busy} data-testid="submit-request">
          {t('requests.submit')}
        </Button>
        <Button onClick={() => navigate(existing ? `/requests/${existing.id}` : '/requests')} disabled={!!busy}>
          {t('common.cancel')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        {t('requests.submitHelp')}
      </Typography.Paragraph>
    </Card>
  );
}

export function RequestNewPage() {
  const { t } = useTranslation();
  return (
    <PageContainer title={t('requests.new')}>
      <RequestForm />
    </PageContainer>
  );
}

export function RequestEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const request = useQuery({ queryKey: ['requests', 'detail', id], queryFn: () => api.get<GeneralRequest>(`/api/v1/requests/${id}`) });
  if (request.isPending) return <PageLoading />;
  if (request.isError) return <LoadError error={request.error} onRetry={() => void request.refetch()} />;
  return (
    <PageContainer title={t('requests.editTitle', { number: request.data.number })}>
      {request.data.canEdit ? <RequestForm existing={request.data} /> : <Alert type="info" showIcon message={t('requests.notEditable')} />}
    </PageContainer>
  );
}
