import { ProForm, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { Alert, App, Card, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey } from '../../api-client';
import { errorMessage } from '../../i18n/labels';
import { applyFieldErrors } from '../../ui/form-errors';
import { confirmRules, PASSWORD_MIN_LENGTH, passwordRules } from '../../ui/password';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function PasswordCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const actionKey = useRef(createActionKey()).current;
  const [error, setError] = useState<unknown>(null);
  return (
    <Card title={t('profile.passwordTitle')} id="password" style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{t('profile.passwordHelp')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={errorMessage(error)} /> : null}
      <ProForm<Values>
        formRef={formRef}
        layout="vertical"
        autoFocusFirstInput={false}
        submitter={{ searchConfig: { submitText: t('profile.changePassword') }, resetButtonProps: false }}
        onFinish={async ({ currentPassword, newPassword }) => {
          setError(null);
          const body = { currentPassword, newPassword };
          try {
            await api.post('/api/v1/me/password', body, { idempotencyKey: actionKey.for(body) });
            actionKey.reset();
            formRef.current?.resetFields();
            message.success(t('profile.passwordChanged'));
            return true;
          } catch (e) {
            if (!applyFieldErrors(formRef.current, e)) setError(e);
            return false;
          }
        }}
      >
        <ProFormText.Password name="currentPassword" label={t('profile.currentPassword')} rules={[{ required: true, message: t('validation.required') }]} fieldProps={{ autoComplete: 'current-password' }} />
        <ProFormText.Password
          name="newPassword"
          label={t('profile.newPassword')}
          rules={passwordRules()}
          extra={t('validation.passwordHint', { min: PASSWORD_MIN_LENGTH })}
          fieldProps={{ autoComplete: 'new-password' }}
        />
        <ProFormText.Password
          name="confirmPassword"
          label={t('profile.confirmPassword')}
          dependencies={['newPassword']}
          rules={confirmRules('newPassword')}
          fieldProps={{ autoComplete: 'new-password' }}
        />
      </ProForm>
    </Card>
  );
}
