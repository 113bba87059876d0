import { describe, expect, it } from 'vitest';
import { LoadOnce } from '../../../workers/lib/load-once';

describe('LoadOnce', () => {
  it('reuses the load for the same key, replaces it for another, and forgets a failure', async () => {
    const once = new LoadOnce<string>();
    let calls = 0;
    const load = (value: string) => () => (calls++, Promise.resolve(value));
    expect(await once.get('a', load('A'))).toBe('A');
    expect(await once.get('a', load('other'))).toBe('A');
    expect(calls).toBe(1);
    expect(await once.get('b', load('B'))).toBe('B');
    expect(calls).toBe(2);

    const failing = once.get('c', () => Promise.reject(new Error('broken file')));
    await expect(failing).rejects.toThrow('broken file');
    expect(once.current()).toBeNull();
    expect(await once.get('c', load('C'))).toBe('C');

    once.forget();
    expect(once.current()).toBeNull();
  });

  it('keeps a newer load when an older one fails late', async () => {
    const once = new LoadOnce<string>();
    let fail: (error: Error) => void = () => undefined;
    const older = once.get('a', () => new Promise<string>((_, reject) => (fail = reject)));
    const newer = once.get('b', () => Promise.resolve('B'));
    fail(new Error('late'));
    await expect(older).rejects.toThrow('late');
    expect(once.current()).toBe(newer);
  });
});
