import { Alert, Button, Checkbox, Col, Divider, Form, Input, Row, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api-client';
import type { Locale, SetupInput } from '../../api/types';
import { currentLocale } from '../../i18n';
import { errorMessage } from '../../i18n/labels';
import { useSignedIn } from '../../session/actions';
import { fetchMe, setupKey } from '../../session/queries';
import { applyFieldErrors } from '../../ui/form-errors';
import { currencyOptions, localeOptions, monthOptions, timeZoneOptions } from '../../ui/intl-options';
import { confirmRules, PASSWORD_MIN_LENGTH, passwordRules } from '../../ui/password';
import { PublicFrame } from '../../ui/PublicFrame';

type SetupForm = SetupInput & { confirmPassword: string };

/** First run: company settings and the first administrator; the server signs them in. */
export function SetupPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const signedIn = useSignedIn();
  const [form] = Form.useForm<SetupForm>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const locale = currentLocale();

  const submit = async ({ confirmPassword: _confirm, ...values }: SetupForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await api.post('/api/v1/setup', values, { allowUnauthenticated: true });
      const me = await fetchMe();
      qc.setQueryData(setupKey, { needed: false });
      if (me) await signedIn(me);
      navigate('/', { replace: true });
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(e);
      else setError(null);
    } finally {
      setSubmitting(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('validation.required') };
  return (
    <PublicFrame title={t('setup.title')} subtitle={t('setup.intro')} width={720}>
      {error ? <Alert type="error" showIcon role="alert" message={errorMessage(error)} style={{ marginBottom: 16 }} /> : null}
      <Form<SetupForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={submitting}
        data-testid="setup-form"
        initialValues={{
          settings: { companyName: '', currency: 'CNY', timeZone: 'Asia/Shanghai', defaultLocale: locale, fiscalYearStartMonth: 1 },
          loadDemoData: false,
        }}
      >
        <Divider orientation="left" orientationMargin={0} style={{ marginTop: 0 }}>
          {t('setup.company')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={['settings', 'companyName']} label={t('setup.companyName')} rules={[required, { max: 200 }]}>
              <Input autoFocus autoComplete="organization" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['settings', 'defaultLocale']} label={t('setup.defaultLocale')} rules={[required]}>
              <Select<Locale> options={localeOptions(t)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['settings', 'currency']} label={t('setup.currency')} rules={[required]}>
              <Select showSearch optionFilterProp="label" options={currencyOptions(locale)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['settings', 'timeZone']} label={t('setup.timeZone')} rules={[required]}>
              <Select showSearch optionFilterProp="label" options={timeZoneOptions()} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['settings', 'fiscalYearStartMonth']} label={t('setup.fiscalYearStart')} rules={[{ required: true }]}>
              <Select options={monthOptions(locale)} />
            </Form.Item>
          </Col>
        </Row>
        <Divider orientation="left" orientationMargin={0}>
          {t('setup.admin')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={['admin', 'email']} label={t('setup.adminEmail')} rules={[required, { type: 'email', message: t('validation.email') }]}>
              <Input type="email" autoComplete="email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['admin', 'displayName']} label={t('setup.adminName')} rules={[required, { max: 100 }]}>
              <Input autoComplete="name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={['admin', 'password']}
              label={t('setup.adminPassword')}
              rules={passwordRules()}
              extra={t('validation.passwordHint', { min: PASSWORD_MIN_LENGTH })}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="confirmPassword" label={t('setup.confirmPassword')} dependencies={[['admin', 'password']]} rules={confirmRules(['admin', 'password'])}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="loadDemoData" valuePropName="checked" extra={t('setup.loadDemoHelp')}>
          <Checkbox>{t('setup.loadDemo')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" loading={submitting} block>
          {t('setup.submit')}
        </Button>
      </Form>
    </PublicFrame>
  );
}
