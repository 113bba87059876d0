import { describe, expect, it } from 'vitest';
import { checkOnnxHead } from '../../../workers/lib/onnx-check';
import { needsFreshWorker, runFailure } from '../../../workers/lib/vlm-errors';
import { UserFacingError } from '../../../workers/lib/errors';
import { decoderOnnx } from '../../../models/tiny/vlm';
import { tinyVlmSpec } from '../../../models/tiny/vlm-files';

describe('runFailure', () => {
  it('maps WebGPU device loss, GPU and WASM memory errors to their codes', () => {
    expect(runFailure(new Error('GPUDevice was lost: the driver reset'), 'webgpu').code).toBe('device-lost');
    expect(runFailure(new Error("Device lost ('destroyed')"), 'webgpu').code).toBe('device-lost');
    expect(runFailure(new Error('Buffer size (5368709120) exceeds the max buffer size limit (1073741824)'), 'webgpu').code).toBe('out-of-memory');
    expect(runFailure(new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'), 'wasm').code).toBe('out-of-memory');
    expect(runFailure(new Error('std::bad_alloc'), 'wasm').message).toMatch(/4 GB/);
    const other = runFailure(new Error('Unexpected input shape'), 'wasm');
    expect(other.code).toBe('inference-failed');
    expect(other.message).toMatch(/Unexpected input shape/);
  });

  it('passes our own errors through, and says which codes need a fresh worker', () => {
    const mine = new UserFacingError('bad-request', 'no');
    expect(runFailure(mine, 'wasm')).toBe(mine);
    expect(needsFreshWorker('device-lost')).toBe(true);
    expect(needsFreshWorker('model-broken')).toBe(true);
    expect(needsFreshWorker('bad-request')).toBe(false);
  });
});

describe('checkOnnxHead', () => {
  const model = decoderOnnx(tinyVlmSpec());
  it('accepts a whole ONNX file, from its first bytes or all of them', () => {
    expect(checkOnnxHead(model, model.length)).toBe('ok');
    expect(checkOnnxHead(model.subarray(0, 1024), model.length)).toBe('ok');
  });
  it('finds a file cut short, and one that is not ONNX at all', () => {
    const cut = model.subarray(0, model.length >> 1);
    expect(checkOnnxHead(cut, cut.length)).toBe('truncated');
    expect(checkOnnxHead(cut.subarray(0, 1024), cut.length)).toBe('truncated');
    const html = new TextEncoder().encode('<!doctype html><html><body>Not found</body></html>');
    expect(checkOnnxHead(html, html.length)).toBe('not-onnx');
    expect(checkOnnxHead(new Uint8Array(0), 0)).toBe('truncated');
  });
});
