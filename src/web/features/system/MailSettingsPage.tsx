import { PageContainer, ProForm, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Input, Row, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { MailSettingsView } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { applyFieldErrors } from '../../ui/form-errors';
import { PageLoading } from '../../ui/PageLoading';

const mailKey = ['settings', 'mail'] as const;
type Values = { smtpUrl: string; from: string; publicUrl: string };

/** Admin: how Salesdesk sends mail. Values set in the environment win and are shown read-only. */
export function MailSettingsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const mail = useQuery({ queryKey: mailKey, queryFn: () => api.get<MailSettingsView>('/api/v1/settings/mail') });
  const [to, setTo] = useState(me.user.email);
  const [testing, setTesting] = useState(false);
  if (mail.isPending) return <PageLoading />;
  if (mail.isError) return <LoadError error={mail.error} onRetry={() => void mail.refetch()} />;
  const m = mail.data;
  const envTag = <Tag color="gold">{t('mail.fromEnv')}</Tag>;

  const sendTest = async () => {
    setTesting(true);
    try {
      await api.post('/api/v1/settings/mail/test', { to: to.trim() });
      message.success(t('mail.testSent', { to: to.trim() }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setTesting(false);
    }
  };

  return (
    <PageContainer title={t('mail.title')} content={t('mail.intro')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('mail.settings')}>
            {!m.isConfigured ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('mail.notConfigured')} /> : null}
            <ProForm<Values>
              formRef={formRef}
              layout="vertical"
              initialValues={{ smtpUrl: m.smtpUrl, from: m.from, publicUrl: m.publicUrl }}
              submitter={{ searchConfig: { submitText: t('common.save') }, resetButtonProps: false }}
              data-testid="mail-form"
              onFinish={async (v) => {
                try {
                  const saved = await api.put<MailSettingsView>('/api/v1/settings/mail', { smtpUrl: v.smtpUrl.trim(), from: v.from.trim(), publicUrl: v.publicUrl.trim() });
                  qc.setQueryData(mailKey, saved);
                  formRef.current?.setFieldsValue({ smtpUrl: saved.smtpUrl, from: saved.from, publicUrl: saved.publicUrl });
                  message.success(t('mail.saved'));
                  return true;
                } catch (e) {
                  if (!applyFieldErrors(formRef.current, e)) message.error(errorMessage(e));
                  return false;
                }
              }}
            >
              <ProFormText
                name="smtpUrl"
                label={<Space>{t('mail.smtpUrl')}{m.fromEnvironment.smtpUrl ? envTag : null}</Space>}
                disabled={m.fromEnvironment.smtpUrl}
                extra={t('mail.smtpUrlHelp')}
                fieldProps={{ autoComplete: 'off', placeholder: 'smtp://user:password@mail.example.com:587' }}
              />
              <ProFormText
                name="from"
                label={<Space>{t('mail.from')}{m.fromEnvironment.from ? envTag : null}</Space>}
                disabled={m.fromEnvironment.from}
                extra={t('mail.fromHelp')}
                rules={[{ required: !m.fromEnvironment.from, message: t('validation.required') }]}
                fieldProps={{ placeholder: 'Salesdesk <salesdesk@example.com>' }}
              />
              <ProFormText
                name="publicUrl"
                label={<Space>{t('mail.publicUrl')}{m.fromEnvironment.publicUrl ? envTag : null}</Space>}
                disabled={m.fromEnvironment.publicUrl}
                extra={t('mail.publicUrlHelp')}
                fieldProps={{ placeholder: 'https://salesdesk.example.com' }}
              />
            </ProForm>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('mail.status')}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'configured', label: t('mail.configured'), children: m.isConfigured ? <Tag color="green">{t('common.yes')}</Tag> : <Tag color="orange">{t('common.no')}</Tag> },
                { key: 'pending', label: t('mail.pending'), children: <span data-testid="pending-mails">{m.pendingMails}</span> },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('mail.test')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('mail.testHelp')}</Typography.Paragraph>
            <Space.Compact style={{ width: '100%' }}>
              <Input value={to} onChange={(e) => setTo(e.target.value)} type="email" aria-label={t('mail.testTo')} />
              <Button type="primary" onClick={() => void sendTest()} loading={testing} disabled={!m.isConfigured || !to.trim()} data-testid="send-test">
                {t('mail.sendTest')}
              </Button>
            </Space.Compact>
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
