// Per-file progress from transformers.js, shared by every model loader (browser and Node).
import type { FileProgress } from '../../src/bridge/types';

/** Forwards transformers.js progress events and remembers which file is being fetched, to name it on failure. */
export class ProgressTracker {
  private inFlight: string | undefined;
  private lastDone: string | undefined;
  /** The last byte counts seen per file: "done" events carry none, and must not reset the bar to zero. */
  private readonly sizes = new Map<string, { loaded: number; total: number }>();

  constructor(
    private readonly key: string,
    private readonly onProgress: (p: FileProgress) => void,
  ) {}

  pending(): string | undefined {
    return this.inFlight;
  }

  /** The file read most recently. transformers.js parses a JSON file right after reading it, so a JSON error is about this one. */
  justRead(): string | undefined {
    return this.lastDone;
  }

  readonly callback = (event: Record<string, unknown>): void => {
    const status = event.status as FileProgress['status'] | 'ready' | 'progress_total';
    if (status === 'ready' || status === 'progress_total' || typeof event.file !== 'string') return;
    if (status === 'initiate') this.inFlight = event.file;
    if (status === 'done' && this.inFlight === event.file) this.inFlight = undefined;
    if (status === 'done') this.lastDone = event.file;
    const seen = this.sizes.get(event.file) ?? { loaded: 0, total: 0 };
    const total = Number(event.total ?? 0) || seen.total;
    let loaded = Number(event.loaded ?? 0) || seen.loaded;
    if (status === 'done') loaded = total;
    this.sizes.set(event.file, { loaded, total });
    this.onProgress({ model: this.key, file: event.file, loaded, total, status });
  };
}
