// What goes wrong while a VLM runs, in words for the user and a code for the bridge
// (see VlmErrorCode in src/bridge/types.ts for which codes mean "replace the worker").
import { UserFacingError } from './errors';

const DEVICE_LOST = /device (?:was |is |has been )?lost|GPUDevice.*lost|lost.*GPUDevice|DXGI_ERROR_DEVICE|context lost|device removed/i;
const OUT_OF_MEMORY =
  /out of memory|\bOOM\b|bad_alloc|Array buffer allocation failed|could not allocate|cannot allocate|failed to allocate|allocation failed|WebAssembly\.Memory|memory access out of bounds|exceeds the max(?:imum)? buffer size|maxBufferSize|Failed to create (?:a )?buffer/i;

function messageOf(error: unknown): string {
  return String((error as { message?: unknown } | null)?.message ?? error);
}

export function runFailure(error: unknown, device: 'webgpu' | 'wasm' | 'cpu'): UserFacingError {
  if (error instanceof UserFacingError) return error;
  const text = messageOf(error);
  if (DEVICE_LOST.test(text)) {
    return new UserFacingError(
      'device-lost',
      'The graphics device was lost while the language model was writing (the GPU driver reset or the tab ran short of GPU memory). Try again; WebAssembly is slower but steadier.',
    );
  }
  if (OUT_OF_MEMORY.test(text)) {
    return new UserFacingError(
      'out-of-memory',
      device === 'webgpu'
        ? 'The language model ran out of GPU memory. Try a smaller model, a smaller photo or a shorter conversation.'
        : 'The language model ran out of memory (WebAssembly can use at most 4 GB). Try a smaller model, a smaller photo or a shorter conversation.',
    );
  }
  return new UserFacingError('inference-failed', `The language model failed while writing: ${text}`);
}

/** Whether an error code means the worker's transformers.js is stuck and the worker must be replaced. */
export function needsFreshWorker(code: string): boolean {
  return code === 'device-lost' || code === 'out-of-memory' || code === 'inference-failed' || code.startsWith('model-');
}
