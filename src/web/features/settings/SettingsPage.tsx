import { PageContainer, ProForm, ProFormSelect, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Divider } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import { checkCreditCode } from '../../../server/platform/schema/credit-code';
import type { CompanySettings } from '../../api/types';
import { currentLocale } from '../../i18n';
import { errorMessage } from '../../i18n/labels';
import { meKey } from '../../session/queries';
import { LoadError } from '../../ui/ErrorPages';
import { applyFieldErrors } from '../../ui/form-errors';
import { currencyOptions, localeOptions, monthOptions, timeZoneOptions } from '../../ui/intl-options';
import { PageLoading } from '../../ui/PageLoading';

/** Company-wide settings (admin): saved whole, audited before/after by the server. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<CompanySettings>>(undefined);
  const [error, setError] = useState<unknown>(null);
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.get<CompanySettings>('/api/v1/settings') });
  const locale = currentLocale();
  if (settings.isPending) return <PageLoading />;
  if (settings.isError) return <LoadError error={settings.error} onRetry={() => void settings.refetch()} />;

  return (
    <PageContainer title={t('settings.title')} content={t('settings.intro')}>
      <Card style={{ maxWidth: 760 }}>
        {error ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={errorMessage(error)} /> : null}
        <ProForm<CompanySettings>
          formRef={formRef}
          initialValues={settings.data}
          layout="vertical"
          autoFocusFirstInput={false}
          submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.reset') } }}
          onFinish={async (values) => {
            setError(null);
            try {
              const { warnings, ...saved } = await api.put<CompanySettings & { warnings: { field: string }[] }>('/api/v1/settings', {
                ...values,
                companyName: values.companyName.trim(),
                // Always sent ('' clears it), so what the form shows is what is stored.
                taxpayerId: (values.taxpayerId ?? '').trim().toUpperCase(),
              });
              qc.setQueryData(['settings'], saved);
              await qc.invalidateQueries({ queryKey: meKey }); // the header shows the company name
              if (warnings.some((w) => w.field === 'taxpayerId')) message.warning(t('settings.savedWithWarning'));
              else message.success(t('settings.saved'));
              return true;
            } catch (e) {
              if (!applyFieldErrors(formRef.current, e)) setError(e);
              return false;
            }
          }}
        >
          <Divider orientation="left" orientationMargin={0} plain style={{ marginTop: 0 }}>
            {t('settings.invoiceIdentity')}
          </Divider>
          <ProFormText
            name="companyName"
            label={t('settings.companyName')}
            extra={t('settings.companyNameHelp')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]}
            fieldProps={{ 'data-testid': 'settings-company-name' } as object}
          />
          <ProFormText
            name="taxpayerId"
            label={t('settings.taxpayerId')}
            extra={t('settings.taxpayerIdHelp')}
            width="md"
            fieldProps={{ maxLength: 18, style: { fontFamily: 'monospace' }, 'data-testid': 'settings-taxpayer-id' } as object}
            normalize={(v?: string) => v?.toUpperCase()}
            rules={[
              {
                validator: async (_, v?: string) => {
                  const c = v?.trim() ? checkCreditCode(v) : null;
                  if (c && !c.ok && c.reason === 'format') throw new Error(t('settings.taxpayerIdFormat'));
                },
              },
              {
                // A wrong check character is a warning: some early codes fail it, and the licence is what counts.
                warningOnly: true,
                validator: async (_, v?: string) => {
                  const c = v?.trim() ? checkCreditCode(v) : null;
                  if (c && !c.ok && c.reason === 'checksum') throw new Error(t('settings.taxpayerIdChecksum'));
                },
              },
            ]}
          />
          <Divider orientation="left" orientationMargin={0} plain style={{ marginTop: 32 }}>
            {t('settings.regional')}
          </Divider>
          <ProForm.Group>
            <ProFormSelect
              name="currency"
              label={t('settings.currency')}
              width="md"
              showSearch
              options={currencyOptions(locale, settings.data.currency)}
              rules={[{ required: true, message: t('validation.required') }]}
              fieldProps={{ optionFilterProp: 'label' }}
            />
            <ProFormSelect
              name="timeZone"
              label={t('settings.timeZone')}
              width="md"
              showSearch
              options={timeZoneOptions(settings.data.timeZone)}
              rules={[{ required: true, message: t('validation.required') }]}
              fieldProps={{ optionFilterProp: 'label' }}
            />
          </ProForm.Group>
          <ProForm.Group>
            <ProFormSelect name="defaultLocale" label={t('settings.defaultLocale')} width="md" options={localeOptions(t)} allowClear={false} rules={[{ required: true }]} />
            <ProFormSelect name="fiscalYearStartMonth" label={t('settings.fiscalYearStartMonth')} width="md" options={monthOptions(locale)} allowClear={false} rules={[{ required: true }]} />
          </ProForm.Group>
        </ProForm>
      </Card>
    </PageContainer>
  );
}
