// Cancellation across the worker boundary: AbortSignal cannot be posted, so each long call
// carries an operation id and the bridge calls `cancel(id)` when the UI's signal aborts.
const running = new Map<number, AbortController>();

export function startOperation(id: number): AbortSignal {
  const controller = new AbortController();
  running.set(id, controller);
  return controller.signal;
}

export function endOperation(id: number): void {
  running.delete(id);
}

export function cancelOperation(id: number): void {
  running.get(id)?.abort(new DOMException('Cancelled', 'AbortError'));
  running.delete(id);
}

/** Runs `work` with the signal of operation `id`, always forgetting the operation afterwards. */
export async function withOperation<T>(id: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = startOperation(id);
  try {
    return await work(signal);
  } finally {
    endOperation(id);
  }
}
