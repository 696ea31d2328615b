import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame of the pages before sign-in (login, setup): brand, language switch, a centred card. */
export function PublicFrame({ title, subtitle, width = 400, children }: { title: ReactNode; subtitle?: ReactNode; width?: number; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: 'linear-gradient(160deg, #eef4ff 0%, #f7f9fc 45%, #ffffff 100%)' }}>
      <header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '12px 24px' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <Typography.Text strong style={{ fontSize: 18 }}>
            {t('common.appName')}
          </Typography.Text>
        </div>
        <LanguageSwitch />
      </header>
      <main style={{ flex: 1, display: 'flex', alignItems: 'flex-start', justifyContent: 'center', padding: '5vh 16px 48px' }}>
        <Card style={{ width: '100%', maxWidth: width, boxShadow: '0 6px 24px rgba(22, 119, 255, 0.08)' }} styles={{ body: { padding: '32px 32px 24px' } }}>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: subtitle ? 4 : 24 }}>
            {title}
          </Typography.Title>
          {subtitle ? (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
              {subtitle}
            </Typography.Paragraph>
          ) : null}
          {children}
        </Card>
      </main>
    </div>
  );
}
