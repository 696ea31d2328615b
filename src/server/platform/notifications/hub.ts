import { EventEmitter } from 'node:events';
import type { DbHandle } from '../../db/connect';
import { NOTIFY_CHANNEL } from './notifications.service';

/**
 * Fans database notifications (pg_notify on commit, from any instance) out to the
 * SSE streams of this process. One LISTEN per process, one listener per open stream.
 */
export class NotificationHub {
  private readonly emitter = new EventEmitter();
  private unlisten?: () => Promise<void>;
  private readonly streams = new Set<() => void>();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  async start(handle: DbHandle): Promise<void> {
    this.unlisten = await handle.listen(NOTIFY_CHANNEL, (userId) => this.emitter.emit(userId));
  }

  subscribe(userId: string, onChange: () => void, onClose: () => void): () => void {
    this.emitter.on(userId, onChange);
    this.streams.add(onClose);
    return () => {
      this.emitter.off(userId, onChange);
      this.streams.delete(onClose);
    };
  }

  /** Ends every open stream (shutdown must not wait for browsers to hang up). */
  async stop(): Promise<void> {
    for (const close of [...this.streams]) close();
    this.streams.clear();
    await this.unlisten?.();
  }
}
