/**
 * A FIFO mutex. PGlite has a single connection: every user of it (Kysely, COPY,
 * the job queue) takes this lock, so a transaction never interleaves with
 * another caller's statements.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  get queueLength(): number {
    return this.waiting;
  }

  /** Resolves with a release function; rejects after timeoutMs so a stuck holder surfaces as an error, not a hang. */
  acquire(timeoutMs: number): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => held);
    this.waiting++;
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        this.waiting--;
        reject(new DatabaseBusyError(timeoutMs));
      }, timeoutMs);
      timer.unref?.();
      previous.then(() => {
        if (timedOut) {
          // Our turn came after we gave up: pass it straight on.
          release();
          return;
        }
        clearTimeout(timer);
        this.waiting--;
        let released = false;
        resolve(() => {
          if (!released) {
            released = true;
            release();
          }
        });
      });
    });
  }

  async run<T>(timeoutMs: number, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(timeoutMs);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

export class DatabaseBusyError extends Error {
  readonly code = 'database_busy';
  constructor(ms: number) {
    super(`The database connection stayed busy for ${ms} ms`);
  }
}
