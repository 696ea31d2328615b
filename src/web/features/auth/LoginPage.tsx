import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { api, isApiError } from '../../api-client';
import type { Me } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { useSignedIn } from '../../session/actions';
import { useMeQuery } from '../../session/queries';
import { formatWait } from '../../ui/format';
import { PublicFrame } from '../../ui/PublicFrame';

/** Only same-site paths: a crafted ?next=https://evil.example must not send the user away. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function useCountdown(until: number | null): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!until) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [until]);
  return until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
}

export function LoginPage() {
  const { t } = useTranslation();
  const me = useMeQuery();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const signedIn = useSignedIn();
  const [form] = Form.useForm<{ email: string; password: string }>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  const secondsLeft = useCountdown(retryUntil);
  const next = safeNext(params.get('next'));
  const state = (location.state ?? {}) as { expired?: boolean; signedOut?: boolean };

  if (me.data) return <Navigate to={next} replace />;

  const submit = async (values: { email: string; password: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      const result = await api.post<Me>('/api/v1/auth/login', values, { allowUnauthenticated: true });
      await signedIn(result);
      navigate(next, { replace: true });
    } catch (e) {
      setError(e);
      if (isApiError(e, 'too_many_requests')) setRetryUntil(Date.now() + (e.retryAfterSeconds ?? 60) * 1000);
      if (isApiError(e, 'invalid_credentials')) form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  const throttled = isApiError(error, 'too_many_requests');
  const notice = error ? (
    throttled ? (
      <Alert type={secondsLeft > 0 ? 'warning' : 'info'} showIcon role="alert" message={secondsLeft > 0 ? t('auth.throttled', { time: formatWait(secondsLeft) }) : t('auth.throttledNow')} />
    ) : (
      <Alert type="error" showIcon role="alert" message={isApiError(error, 'invalid_credentials') ? t('auth.invalidCredentials') : errorMessage(error)} />
    )
  ) : state.expired ? (
    <Alert type="info" showIcon message={t('auth.sessionExpired')} />
  ) : state.signedOut ? (
    <Alert type="success" showIcon message={t('auth.signedOut')} />
  ) : null;

  return (
    <PublicFrame title={t('auth.title')} subtitle={t('auth.subtitle')}>
      {notice ? <div style={{ marginBottom: 16 }}>{notice}</div> : null}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={submitting} size="large" data-testid="login-form">
        <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, whitespace: true, message: t('auth.emailRequired') }]}>
          <Input prefix={<MailOutlined />} type="email" autoComplete="username" autoFocus inputMode="email" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} disabled={throttled && secondsLeft > 0}>
          {t('auth.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 13 }}>
        {t('auth.forgotten')}
      </Typography.Paragraph>
    </PublicFrame>
  );
}
