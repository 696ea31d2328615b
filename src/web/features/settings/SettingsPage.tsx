import { PageContainer, ProForm, ProFormSelect, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
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
              const saved = await api.put<CompanySettings>('/api/v1/settings', { ...values, companyName: values.companyName.trim() });
              qc.setQueryData(['settings'], saved);
              await qc.invalidateQueries({ queryKey: meKey }); // the header shows the company name
              message.success(t('settings.saved'));
              return true;
            } catch (e) {
              if (!applyFieldErrors(formRef.current, e)) setError(e);
              return false;
            }
          }}
        >
          <ProFormText name="companyName" label={t('settings.companyName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]} />
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
