import { enUSIntl, ProConfigProvider, zhCNIntl } from '@ant-design/pro-components';
import { QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router-dom';
import { currentLocale } from './i18n';
import { queryClient } from './query-client';
import { AppRoutes } from './router';
import { applyLocale } from './session/locale';
import { useReducedMotion } from './ui/reduced-motion';
import './styles.css';

void applyLocale(currentLocale());

/**
 * antd's own texts (pagination, date pickers, empty states) and pro-components' (search
 * forms, placeholders) follow the app language. pro-components does not derive its
 * language from antd's reliably (it falls back to Chinese), so it is given explicitly.
 * A user who asked their system for reduced motion gets no antd animations.
 */
function Providers() {
  const { i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const reducedMotion = useReducedMotion();
  return (
    <ConfigProvider locale={zh ? zhCN : enUS} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6, motion: !reducedMotion } }}>
      <ProConfigProvider intl={zh ? zhCNIntl : enUSIntl}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </QueryClientProvider>
      </ProConfigProvider>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers />
  </StrictMode>,
);
