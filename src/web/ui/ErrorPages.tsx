import { Button, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../i18n/labels';
import { isApiError } from '../api-client';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('pages.notFoundTitle')}
      subTitle={t('pages.notFoundText')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('pages.forbiddenTitle')}
      subTitle={t('pages.forbiddenText')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** A failed load (the API answered with an error, or could not be reached), with a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (isApiError(error, 'not_found')) return <NotFoundPage />;
  if (isApiError(error, 'forbidden')) return <ForbiddenPage />;
  return (
    <Result
      status="error"
      title={t('errors.title')}
      subTitle={
        <>
          {errorMessage(error)}
          {isApiError(error) && error.requestId ? (
            <Typography.Paragraph type="secondary" copyable={{ text: error.requestId }} style={{ marginTop: 8 }}>
              {t('errors.requestId', { id: error.requestId })}
            </Typography.Paragraph>
          ) : null}
        </>
      }
      extra={onRetry ? <Button onClick={onRetry}>{t('common.reload')}</Button> : null}
    />
  );
}
