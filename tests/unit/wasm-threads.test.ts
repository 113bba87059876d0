import { describe, expect, it } from 'vitest';
import { MAX_WASM_THREADS, wasmThreadCount } from '../../workers/lib/wasm-threads';

describe('wasmThreadCount', () => {
  it('uses every core of a cross-origin isolated page, where onnxruntime-web would take half', () => {
    expect(wasmThreadCount(true, 2)).toBe(2);
    expect(wasmThreadCount(true, 6)).toBe(6);
  });
  it('stays on one thread without isolation (no SharedArrayBuffer) or without a core count', () => {
    expect(wasmThreadCount(false, 8)).toBe(1);
    expect(wasmThreadCount(true, undefined)).toBe(1);
  });
  it('stops at the cap on large machines', () => {
    expect(wasmThreadCount(true, 64)).toBe(MAX_WASM_THREADS);
  });
});
