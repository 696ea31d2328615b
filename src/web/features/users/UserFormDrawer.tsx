import { DrawerForm, ProFormSelect, ProFormText, ProForm, type ProFormInstance } from '@ant-design/pro-components';
import { Alert, App, Button, Col, Row } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../server/platform/access/roles';
import { api, isApiError } from '../../api-client';
import type { Locale, Role, UserDto } from '../../api/types';
import { errorMessage, roleLabel } from '../../i18n/labels';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { applyFieldErrors } from '../../ui/form-errors';
import { localeOptions } from '../../ui/intl-options';
import { PASSWORD_MIN_LENGTH, passwordRules } from '../../ui/password';
import { PasswordWithGenerator } from '../../ui/PasswordInput';
import { useUserMutations } from './mutations';
import { UserSelect } from './UserSelect';

interface FormValues {
  email: string;
  displayName: string;
  password?: string;
  roles: Role[];
  departmentId?: string | null;
  managerId?: string | null;
  locale: Locale;
  phone?: string;
  title?: string;
}

const blankToNull = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);

function toFormValues(u: UserDto): FormValues {
  return {
    email: u.email,
    displayName: u.displayName,
    roles: u.roles,
    departmentId: u.departmentId,
    managerId: u.managerId,
    locale: u.locale,
    phone: u.phone ?? '',
    title: u.title ?? '',
  };
}

/**
 * Create a user, or edit one at the version it was read. A stale version (someone
 * else saved in between) shows the conflict and offers the latest version.
 */
export function UserFormDrawer({
  open,
  user,
  defaultLocale,
  onClose,
  onSaved,
}: {
  open: boolean;
  user?: UserDto;
  defaultLocale: Locale;
  onClose: () => void;
  onSaved: (user: UserDto) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<FormValues>>(undefined);
  const { create, update } = useUserMutations();
  const [version, setVersion] = useState(user?.version);
  const [managerLabel, setManagerLabel] = useState(user?.managerName);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isEdit = !!user;

  const reloadLatest = async () => {
    if (!user) return;
    try {
      const fresh = await api.get<UserDto>(`/api/v1/users/${user.id}`);
      setVersion(fresh.version);
      setManagerLabel(fresh.managerName);
      formRef.current?.setFieldsValue(toFormValues(fresh));
      setConflict(false);
      message.info(t('conflict.reloaded'));
    } catch (e) {
      setError(e);
    }
  };

  const submit = async (values: FormValues) => {
    setError(null);
    const common = {
      email: values.email.trim(),
      displayName: values.displayName.trim(),
      roles: values.roles,
      departmentId: values.departmentId ?? null,
      managerId: values.managerId ?? null,
      locale: values.locale,
      phone: blankToNull(values.phone),
      title: blankToNull(values.title),
    };
    try {
      const saved = isEdit ? await update(user.id, { ...common, version: version! }) : await create({ ...common, password: values.password! });
      message.success(t(isEdit ? 'users.saved' : 'users.created', { name: saved.displayName }));
      onSaved(saved);
      return true;
    } catch (e) {
      if (isApiError(e, 'version_conflict')) setConflict(true);
      else if (!applyFieldErrors(formRef.current, e)) setError(e);
      return false;
    }
  };

  return (
    <DrawerForm<FormValues>
      title={isEdit ? t('users.editTitle') : t('users.createTitle')}
      open={open}
      formRef={formRef}
      width={560}
      drawerProps={{ destroyOnHidden: true, onClose, maskClosable: false }}
      onOpenChange={(o) => !o && onClose()}
      // No role is preselected: what a new account may do is always a deliberate choice.
      initialValues={user ? toFormValues(user) : { roles: [], locale: defaultLocale }}
      onFinish={submit}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') }, resetButtonProps: { onClick: onClose } }}
      data-testid="user-form"
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('conflict.title')}
          description={t('errors.version_conflict')}
          action={
            <Button size="small" onClick={() => void reloadLatest()}>
              {t('conflict.reload')}
            </Button>
          }
        />
      ) : null}
      {error ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={errorMessage(error)} /> : null}
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <ProFormText
            name="email"
            label={t('users.email')}
            fieldProps={{ type: 'email', autoComplete: 'off' }}
            rules={[
              { required: true, whitespace: true, message: t('validation.required') },
              { type: 'email', message: t('validation.email') },
            ]}
          />
        </Col>
        <Col xs={24} sm={12}>
          <ProFormText name="displayName" label={t('users.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]} />
        </Col>
      </Row>
      {!isEdit ? (
        <ProForm.Item name="password" label={t('users.password')} rules={passwordRules()} extra={t('validation.passwordHint', { min: PASSWORD_MIN_LENGTH })}>
          <PasswordWithGenerator />
        </ProForm.Item>
      ) : null}
      <ProFormSelect
        name="roles"
        label={t('users.roles')}
        mode="multiple"
        options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
        rules={[{ required: true, message: t('validation.required') }]}
      />
      <ProForm.Item name="departmentId" label={t('users.department')}>
        <DepartmentTreeSelect />
      </ProForm.Item>
      <ProForm.Item name="managerId" label={t('users.manager')}>
        <UserSelect initialLabel={managerLabel} excludeId={user?.id} />
      </ProForm.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <ProFormText name="title" label={t('users.jobTitle')} rules={[{ max: 100 }]} />
        </Col>
        <Col xs={24} sm={12}>
          <ProFormText name="phone" label={t('users.phone')} rules={[{ max: 50 }]} fieldProps={{ autoComplete: 'off' }} />
        </Col>
        <Col xs={24} sm={12}>
          <ProFormSelect name="locale" label={t('users.locale')} options={localeOptions(t)} allowClear={false} rules={[{ required: true }]} />
        </Col>
      </Row>
    </DrawerForm>
  );
}
