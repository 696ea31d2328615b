import { App } from 'antd';
import { useCallback } from 'react';
import { isApiError } from '../api-client';
import { errorMessage } from '../i18n/labels';

/**
 * For ProTable's onRequestError: without it ProTable rethrows a failed load as an
 * unhandled rejection. A lost session is not reported here: the app is already on
 * its way to the sign-in page.
 */
export function useTableErrorHandler() {
  const { message } = App.useApp();
  return useCallback(
    (e: Error) => {
      if (isApiError(e, 'unauthenticated')) return;
      message.error(errorMessage(e));
    },
    [message],
  );
}
