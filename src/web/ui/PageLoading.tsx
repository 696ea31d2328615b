import { Spin } from 'antd';

/** Shown while a page's chunk or first data loads. */
export function PageLoading({ fullscreen = false }: { fullscreen?: boolean }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', minHeight: fullscreen ? '100vh' : 320 }} role="status" aria-busy="true">
      <Spin size="large" />
    </div>
  );
}
