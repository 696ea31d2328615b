import { Alert } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api-client';
import { errorMessage } from '../i18n/labels';

/** An inline error for a form or a card: the translated message, and the request id support asks for. */
export function ErrorAlert({ error, style }: { error: unknown; style?: CSSProperties }) {
  const { t } = useTranslation();
  if (!error) return null;
  const requestId = isApiError(error) && error.status >= 500 ? error.requestId : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={style}
      message={errorMessage(error)}
      description={requestId ? t('errors.requestId', { id: requestId }) : undefined}
    />
  );
}
