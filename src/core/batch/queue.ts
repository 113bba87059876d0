// The batch queue's bookkeeping, apart from the work itself: which photo is next, what each one's
// status is, pause and cancel, and how long the rest should take. One photo runs at a time (the
// models run in one worker anyway). Functions change the state object in place, so the UI can keep
// it in reactive state and tests can use a plain object.

import type { UnreadableGps } from './unreadable';

export type ItemStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ItemError {
  readonly message: string;
  readonly code: string;
}

export interface BatchItem<R> {
  readonly id: number;
  readonly name: string;
  status: ItemStatus;
  startedAt: number | null;
  /** Wall time of the whole photo, in ms, once it has finished. */
  ms: number | null;
  /** The part of `ms` spent in model calls (encoder, index search and refinement). */
  modelMs: number | null;
  error: ItemError | null;
  /** A photo whose pixels could not be read: the GPS its file still carries (never an answer). */
  unreadable: UnreadableGps | null;
  result: R | null;
}

export interface BatchState<R> {
  items: BatchItem<R>[];
  paused: boolean;
  nextId: number;
}

export interface BatchProgress {
  readonly total: number;
  readonly pending: number;
  readonly running: number;
  readonly done: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Items that will not run again (done, failed or cancelled). */
  readonly finished: number;
  /** finished / total, in [0, 1]; 0 for an empty batch. */
  readonly fraction: number;
  /** Median wall time of the photos done so far (null before the first). */
  readonly medianMs: number | null;
  /** Estimated time until the queue is empty (null until one photo is done; 0 when nothing is left). */
  readonly timeLeftMs: number | null;
}

export function emptyBatch<R>(): BatchState<R> {
  return { items: [], paused: false, nextId: 1 };
}

/** Adds photos at the end of the queue and returns the new items. */
export function addItems<R>(state: BatchState<R>, names: readonly string[]): BatchItem<R>[] {
  const added = names.map((name) => ({
    id: state.nextId++,
    name,
    status: 'pending' as ItemStatus,
    startedAt: null,
    ms: null,
    modelMs: null,
    error: null,
    unreadable: null,
    result: null,
  }));
  state.items.push(...added);
  return added;
}

export function findItem<R>(state: BatchState<R>, id: number): BatchItem<R> {
  const item = state.items.find((i) => i.id === id);
  if (!item) throw new Error(`The batch has no item ${id}.`);
  return item;
}

/** Marks the next pending item running and returns it; null while paused, busy, or when none is left. */
export function takeNext<R>(state: BatchState<R>, now: number): BatchItem<R> | null {
  if (state.paused || state.items.some((i) => i.status === 'running')) return null;
  const item = state.items.find((i) => i.status === 'pending');
  if (!item) return null;
  item.status = 'running';
  item.startedAt = now;
  return item;
}

function settle<R>(state: BatchState<R>, id: number, status: ItemStatus, now: number): BatchItem<R> {
  const item = findItem(state, id);
  if (item.status !== 'running') throw new Error(`Item ${id} is ${item.status}, not running.`);
  item.status = status;
  item.ms = item.startedAt === null ? null : Math.max(0, now - item.startedAt);
  return item;
}

export function completeItem<R>(state: BatchState<R>, id: number, now: number, result: R, modelMs: number): void {
  const item = settle(state, id, 'done', now);
  item.result = result;
  item.modelMs = modelMs;
}

/** A photo that could not be located; `unreadable` keeps what its file says about its GPS when its pixels could not be read. */
export function failItem<R>(state: BatchState<R>, id: number, now: number, error: ItemError, unreadable: UnreadableGps | null = null): void {
  const item = settle(state, id, 'failed', now);
  item.error = error;
  item.unreadable = unreadable;
}

/** A running item that was stopped by Cancel. */
export function cancelRunning<R>(state: BatchState<R>, id: number, now: number): void {
  settle(state, id, 'cancelled', now);
}

/** A running item that was interrupted by Pause: it goes back to the front of the queue. */
export function requeueRunning<R>(state: BatchState<R>, id: number): void {
  const item = findItem(state, id);
  if (item.status !== 'running') return;
  item.status = 'pending';
  item.startedAt = null;
}

export function pause<R>(state: BatchState<R>): void {
  state.paused = true;
}

export function resume<R>(state: BatchState<R>): void {
  state.paused = false;
}

/** Cancels every pending item; returns how many. The running one is the caller's to stop. */
export function cancelPending<R>(state: BatchState<R>): number {
  let count = 0;
  for (const item of state.items) {
    if (item.status === 'pending') {
      item.status = 'cancelled';
      count++;
    }
  }
  state.paused = false;
  return count;
}

/** Puts failed and cancelled items back in the queue; returns how many. */
export function retryUnfinished<R>(state: BatchState<R>): number {
  let count = 0;
  for (const item of state.items) {
    if (item.status === 'failed' || item.status === 'cancelled') {
      item.status = 'pending';
      item.error = null;
      item.unreadable = null;
      item.ms = null;
      item.startedAt = null;
      count++;
    }
  }
  return count;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function progressOf<R>(state: BatchState<R>, now: number): BatchProgress {
  const count = (status: ItemStatus) => state.items.filter((i) => i.status === status).length;
  const done = count('done');
  const failed = count('failed');
  const cancelled = count('cancelled');
  const pending = count('pending');
  const running = count('running');
  const total = state.items.length;
  const finished = done + failed + cancelled;
  // The median resists the odd slow photo (the first one loads the model, or builds the index).
  const medianMs = median(state.items.filter((i) => i.status === 'done' && i.ms !== null).map((i) => i.ms!));
  let timeLeftMs: number | null = null;
  if (pending + running === 0) timeLeftMs = 0;
  else if (medianMs !== null) {
    const runningLeft = state.items
      .filter((i) => i.status === 'running')
      .reduce((sum, i) => sum + Math.max(0, medianMs - (i.startedAt === null ? 0 : now - i.startedAt)), 0);
    timeLeftMs = pending * medianMs + runningLeft;
  }
  return { total, pending, running, done, failed, cancelled, finished, fraction: total === 0 ? 0 : finished / total, medianMs, timeLeftMs };
}
