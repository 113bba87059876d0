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

/** What a call still waiting on a worker gets when the worker is replaced on purpose. */
export class WorkerRestarted extends Error {
  readonly code = 'worker-restarted';
  constructor(what: string) {
    super(`The ${what} was restarted after an error. Try again.`);
    this.name = 'WorkerRestarted';
  }
}

export class WorkerHandle<T> {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<T> | null = null;
  private stopListeners = new Set<(error: Error) => void>();

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
        if (this.worker === worker) this.stop(new WorkerCrashed(this.what, detail));
      };
      worker.addEventListener('error', onCrash);
      worker.addEventListener('messageerror', onCrash);
      this.worker = worker;
      this.remote = Comlink.wrap<T>(worker);
    }
    return this.remote;
  }

  /** Whether a worker is running now (without starting one). */
  get running(): boolean {
    return this.remote !== null;
  }

  /** Runs a call and rejects it if the worker crashes or is replaced first. */
  call<R>(run: (api: Comlink.Remote<T>) => Promise<R>): Promise<R> {
    const api = this.api;
    return new Promise<R>((resolve, reject) => {
      const onStop = (error: Error) => reject(error);
      this.stopListeners.add(onStop);
      run(api)
        .then(resolve, reject)
        .finally(() => this.stopListeners.delete(onStop));
    });
  }

  /** Sends a message to the running worker only; does nothing (and starts nothing) when none runs. */
  async ifRunning(run: (api: Comlink.Remote<T>) => Promise<void>): Promise<void> {
    if (this.remote) await run(this.remote);
  }

  /** Ends the worker; the next call starts a fresh one. Calls still waiting on it are rejected. */
  reset(): void {
    if (this.worker) this.stop(new WorkerRestarted(this.what));
  }

  private stop(error: Error): void {
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
    const listeners = [...this.stopListeners];
    this.stopListeners.clear();
    for (const listener of listeners) listener(error);
  }
}
