import { ProForm, ProFormSelect, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Card, Descriptions, Divider, Space, Tag } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api-client';
import type { Locale, Me } from '../../api/types';
import { errorMessage, roleLabel } from '../../i18n/labels';
import { applyLocale } from '../../session/locale';
import { meKey } from '../../session/queries';
import { useSession } from '../../session/SessionContext';
import { applyFieldErrors } from '../../ui/form-errors';
import { formatDateTime } from '../../ui/format';
import { localeOptions } from '../../ui/intl-options';

export function AccountCard() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<{ displayName: string; locale: Locale }>>(undefined);
  const u = me.user;
  return (
    <Card title={t('profile.account')} style={{ height: '100%' }}>
      <Descriptions
        column={1}
        size="small"
        styles={{ label: { width: 110 } }}
        items={[
          { key: 'email', label: t('profile.email'), children: u.email },
          {
            key: 'roles',
            label: t('profile.roles'),
            children: (
              <Space size={[4, 4]} wrap>
                {u.roles.map((r) => (
                  <Tag key={r} color="blue">
                    {roleLabel(r)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { key: 'department', label: t('profile.department'), children: u.departmentName ?? t('common.none') },
          { key: 'manager', label: t('profile.manager'), children: u.managerId ? <Link to={`/people/${u.managerId}`}>{u.managerName}</Link> : t('common.none') },
          ...(u.title ? [{ key: 'title', label: t('profile.jobTitle'), children: u.title }] : []),
          ...(u.phone ? [{ key: 'phone', label: t('profile.phone'), children: u.phone }] : []),
          { key: 'last-sign-in', label: t('profile.lastSignIn'), children: u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('common.never') },
        ]}
      />
      <Divider orientation="left" orientationMargin={0} plain>
        {t('profile.preferences')}
      </Divider>
      <ProForm<{ displayName: string; locale: Locale }>
        formRef={formRef}
        layout="vertical"
        autoFocusFirstInput={false}
        initialValues={{ displayName: u.displayName, locale: u.locale }}
        submitter={{ searchConfig: { submitText: t('common.save') }, resetButtonProps: false }}
        onFinish={async (values) => {
          try {
            const updated = await api.patch<Me>('/api/v1/me', { displayName: values.displayName.trim(), locale: values.locale });
            qc.setQueryData(meKey, { ...updated, csrfToken: updated.csrfToken ?? me.csrfToken });
            await applyLocale(updated.user.locale);
            message.success(t('profile.nameSaved'));
            return true;
          } catch (e) {
            if (!applyFieldErrors(formRef.current, e)) message.error(errorMessage(e));
            return false;
          }
        }}
      >
        <ProFormText name="displayName" label={t('profile.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]} />
        <ProFormSelect name="locale" label={t('profile.language')} options={localeOptions(t)} allowClear={false} />
      </ProForm>
    </Card>
  );
}
