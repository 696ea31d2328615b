import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** After a deploy the old page asks for chunks that no longer exist: the cure is a reload, not an apology. */
const isStaleChunk = (error: Error) => /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(error.message);

function CrashResult({ error }: { error: Error }) {
  const { t } = useTranslation();
  const stale = isStaleChunk(error);
  return (
    <Result
      status={stale ? 'info' : '500'}
      title={stale ? t('pages.updatedTitle') : t('pages.crashTitle')}
      subTitle={stale ? t('pages.updatedText') : t('pages.crashText')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('pages.reloadPage')}
        </Button>
      }
    />
  );
}

interface Props {
  children: ReactNode;
  /** Changing it (the route) clears a caught error, so navigating away from a broken page works. */
  resetKey?: string;
}
interface State {
  error: Error | null;
  resetKey?: string;
}

/** React catches render errors only in class components; this is the app's one class. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('page crashed', error, info.componentStack);
  }

  render() {
    return this.state.error ? <CrashResult error={this.state.error} /> : this.props.children;
  }
}
