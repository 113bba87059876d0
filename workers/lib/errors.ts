// Errors cross the comlink boundary as plain objects; this keeps the user-facing message and a code.
export class UserFacingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException ? error.name === 'AbortError' : (error as { name?: string })?.name === 'AbortError';
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new DOMException('Cancelled', 'AbortError');
}

/** IndexedDB's way of saying the disk (or the origin's quota) is full. */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  const message = String((error as { message?: string })?.message ?? '');
  return name === 'QuotaExceededError' || /quota/i.test(message);
}
