import { PageContainer } from '@ant-design/pro-components';
import { Col, Row } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { NotificationPreferencesCard } from '../notifications/PreferencesCard';
import { AccountCard } from './AccountCard';
import { PasswordCard } from './PasswordCard';
import { TokensCard } from './TokensCard';

export function ProfilePage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  useEffect(() => {
    // Links from the workbench point at a section (#password, #tokens).
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [hash]);
  return (
    <PageContainer title={t('profile.title')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <AccountCard />
        </Col>
        <Col xs={24} lg={12}>
          <PasswordCard />
        </Col>
        <Col span={24}>
          <NotificationPreferencesCard />
        </Col>
        <Col span={24}>
          <TokensCard />
        </Col>
      </Row>
    </PageContainer>
  );
}
