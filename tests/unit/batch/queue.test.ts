import { describe, expect, it } from 'vitest';
import {
  addItems,
  cancelPending,
  cancelRunning,
  completeItem,
  emptyBatch,
  failItem,
  pause,
  progressOf,
  requeueRunning,
  resume,
  retryUnfinished,
  takeNext,
} from '../../../src/core/batch/queue';

describe('batch queue', () => {
  it('runs photos one at a time, in order', () => {
    const state = emptyBatch<string>();
    addItems(state, ['a.jpg', 'b.jpg', 'c.jpg']);
    const first = takeNext(state, 0)!;
    expect(first.name).toBe('a.jpg');
    expect(takeNext(state, 1)).toBeNull(); // one is running
    completeItem(state, first.id, 100, 'answer', 60);
    expect(first).toMatchObject({ status: 'done', ms: 100, modelMs: 60, result: 'answer' });
    const second = takeNext(state, 100)!;
    expect(second.name).toBe('b.jpg');
    failItem(state, second.id, 130, { message: 'broken', code: 'corrupt' });
    expect(second.status).toBe('failed');
    expect(takeNext(state, 130)!.name).toBe('c.jpg');
  });

  it('pauses between photos, and Pause in the middle of one puts it back first in line', () => {
    const state = emptyBatch<string>();
    addItems(state, ['a', 'b']);
    const a = takeNext(state, 0)!;
    pause(state);
    requeueRunning(state, a.id);
    expect(takeNext(state, 5)).toBeNull();
    resume(state);
    expect(takeNext(state, 6)!.name).toBe('a');
  });

  it('cancel stops what is pending; retry brings back the failed and cancelled', () => {
    const state = emptyBatch<string>();
    addItems(state, ['a', 'b', 'c', 'd']);
    const a = takeNext(state, 0)!;
    pause(state);
    expect(cancelPending(state)).toBe(3);
    expect(state.paused).toBe(false);
    cancelRunning(state, a.id, 10);
    expect(progressOf(state, 10)).toMatchObject({ cancelled: 4, pending: 0, finished: 4, fraction: 1, timeLeftMs: 0 });
    expect(takeNext(state, 10)).toBeNull();
    expect(retryUnfinished(state)).toBe(4);
    expect(takeNext(state, 11)!.name).toBe('a');
  });

  it('estimates the time left from the median photo, counting the running one', () => {
    const state = emptyBatch<string>();
    addItems(state, ['a', 'b', 'c', 'd', 'e', 'f']);
    expect(progressOf(state, 0).timeLeftMs).toBeNull();
    let now = 0;
    for (const ms of [5000, 100, 120]) {
      // the first photo is slow (it loads the model): the median ignores it
      const item = takeNext(state, now)!;
      now += ms;
      completeItem(state, item.id, now, 'x', 0);
    }
    takeNext(state, now);
    const progress = progressOf(state, now + 20);
    expect(progress.medianMs).toBe(120);
    expect(progress).toMatchObject({ done: 3, running: 1, pending: 2, total: 6, fraction: 0.5 });
    expect(progress.timeLeftMs).toBe(2 * 120 + 100);
    expect(progressOf(state, now + 500).timeLeftMs).toBe(2 * 120); // overdue: the running one counts as nearly done
  });

  it('refuses to settle an item that is not running', () => {
    const state = emptyBatch<string>();
    const [a] = addItems(state, ['a']);
    expect(() => completeItem(state, a!.id, 1, 'x', 0)).toThrow(/pending, not running/);
    expect(() => failItem(state, 99, 1, { message: '', code: '' })).toThrow(/no item 99/);
  });
});
