import { ModalForm, ProForm, type ProFormInstance } from '@ant-design/pro-components';
import { Alert, App, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserDto } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { applyFieldErrors } from '../../ui/form-errors';
import { PASSWORD_MIN_LENGTH, passwordRules } from '../../ui/password';
import { PasswordWithGenerator } from '../../ui/PasswordInput';
import { useUserMutations } from './mutations';

/** An admin sets a new password for someone who forgot theirs; all their sessions end. */
export function ResetPasswordModal({ user, onClose }: { user: UserDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<{ password: string }>>(undefined);
  const { resetPassword } = useUserMutations();
  const [error, setError] = useState<unknown>(null);
  return (
    <ModalForm<{ password: string }>
      title={user ? t('users.resetPasswordTitle', { name: user.displayName }) : ''}
      open={!!user}
      formRef={formRef}
      width={480}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('users.resetPassword'), resetText: t('common.cancel') } }}
      onFinish={async ({ password }) => {
        if (!user) return false;
        setError(null);
        try {
          await resetPassword(user.id, password);
          message.success(t('users.passwordReset', { name: user.displayName }));
          onClose();
          return true;
        } catch (e) {
          if (!applyFieldErrors(formRef.current, e)) setError(e);
          return false;
        }
      }}
    >
      <Typography.Paragraph type="secondary">{t('users.resetPasswordHelp')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={errorMessage(error)} /> : null}
      <ProForm.Item name="password" label={t('users.newPassword')} rules={passwordRules()} extra={t('validation.passwordHint', { min: PASSWORD_MIN_LENGTH })}>
        <PasswordWithGenerator />
      </ProForm.Item>
    </ModalForm>
  );
}
