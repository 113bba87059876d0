// A comlink-wrapped worker that is created on first use and replaced after a crash. While a
// worker is alive, a crash rejects every pending call with a clear message instead of hanging.
import * as Comlink from 'comlink';

export class WorkerCrashed extends Error {
  readonly code = 'worker-crashed';
  constructor(what: string, detail: string) {
    super(`The ${what} stopped unexpectedly${detail ? ` (${detail})` : ''}. It will restart on the next try; nothing you had on screen was lost.`);
    this.name = 'WorkerCrashed';
  }
}

export class WorkerHandle<T> {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<T> | null = null;
  private crashListeners = new Set<(error: WorkerCrashed) => void>();

  constructor(
    private readonly what: string,
    private readonly create: () => Worker,
  ) {}

  get api(): Comlink.Remote<T> {
    if (!this.remote) {
      const worker = this.create();
      const onCrash = (event: ErrorEvent | MessageEvent) => {
        const detail = event instanceof ErrorEvent ? event.message : 'a message could not be read';
        event.preventDefault?.();
        this.reset();
        const error = new WorkerCrashed(this.what, detail);
        for (const listener of this.crashListeners) listener(error);
      };
      worker.addEventListener('error', onCrash);
      worker.addEventListener('messageerror', onCrash);
      this.worker = worker;
      this.remote = Comlink.wrap<T>(worker);
    }
    return this.remote;
  }

  /** Runs a call and rejects it if the worker crashes first. */
  call<R>(run: (api: Comlink.Remote<T>) => Promise<R>): Promise<R> {
    const api = this.api;
    return new Promise<R>((resolve, reject) => {
      const onCrash = (error: WorkerCrashed) => reject(error);
      this.crashListeners.add(onCrash);
      run(api)
        .then(resolve, reject)
        .finally(() => this.crashListeners.delete(onCrash));
    });
  }

  reset(): void {
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }
}
