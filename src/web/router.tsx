import { App, Button, Result } from 'antd';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { setUnauthenticatedHandler } from './api-client';
import { errorMessage } from './i18n/labels';
import { AppLayout } from './layout/AppLayout';
import { pages, type PageDef } from './navigation';
import { applyLocale } from './session/locale';
import { hasSessionEnded, markSessionEnded, meKey, useMeQuery, useSetupStatus } from './session/queries';
import { SessionProvider, useSession } from './session/SessionContext';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { ForbiddenPage, NotFoundPage } from './ui/ErrorPages';
import { PageLoading } from './ui/PageLoading';

const LoginPage = lazy(async () => ({ default: (await import('./features/auth')).LoginPage }));
const SetupPage = lazy(async () => ({ default: (await import('./features/setup')).SetupPage }));

/** A fatal start-up error (server down): say so and offer a retry rather than a blank page. */
function StartupError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('errors.title')}
      subTitle={errorMessage(error)}
      extra={
        <Button type="primary" onClick={onRetry}>
          {t('common.reload')}
        </Button>
      }
    />
  );
}

/** First run: everything goes to /setup until an admin exists; afterwards /setup is closed. */
function SetupGate() {
  const setup = useSetupStatus();
  const { pathname } = useLocation();
  if (setup.isPending) return <PageLoading fullscreen />;
  if (setup.isError) return <StartupError error={setup.error} onRetry={() => void setup.refetch()} />;
  if (setup.data.needed && pathname !== '/setup') return <Navigate to="/setup" replace />;
  if (!setup.data.needed && pathname === '/setup') return <Navigate to="/" replace />;
  return <Outlet />;
}

/**
 * When any API call finds the session gone, forget the user; RequireAuth then sends
 * them to sign in (the one place that redirects, so there is no race between two).
 */
function SessionExpiryWatcher() {
  const qc = useQueryClient();
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      if (qc.getQueryData(meKey)) {
        markSessionEnded();
        qc.setQueryData(meKey, null);
      }
    });
    return () => setUnauthenticatedHandler(null);
  }, [qc]);
  return null;
}

function RequireAuth() {
  const me = useMeQuery();
  const location = useLocation();
  const locale = me.data?.user.locale;
  useEffect(() => {
    // The signed-in user's saved language wins over this browser's.
    if (locale) void applyLocale(locale);
  }, [locale]);
  if (me.isPending) return <PageLoading fullscreen />;
  if (me.isError) return <StartupError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace state={{ expired: hasSessionEnded() }} />;
  }
  return (
    <SessionProvider me={me.data}>
      <AppLayout>
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </AppLayout>
    </SessionProvider>
  );
}

function Guarded({ page }: { page: PageDef }) {
  const { can } = useSession();
  if (page.permission && !can(page.permission)) return <ForbiddenPage />;
  return <page.Component />;
}

function PublicPage({ children }: { children: ReactNode }) {
  const location = useLocation();
  return (
    <ErrorBoundary resetKey={location.pathname}>
      <Suspense fallback={<PageLoading fullscreen />}>{children}</Suspense>
    </ErrorBoundary>
  );
}

export function AppRoutes() {
  return (
    <App>
      <SessionExpiryWatcher />
      <Routes>
        <Route element={<SetupGate />}>
          <Route path="/setup" element={<PublicPage><SetupPage /></PublicPage>} />
          <Route path="/login" element={<PublicPage><LoginPage /></PublicPage>} />
          <Route element={<RequireAuth />}>
            {pages.map((p) => (
              <Route key={p.path} path={p.path} element={<Guarded page={p} />} />
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </App>
  );
}
