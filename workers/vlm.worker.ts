// Vision-language model worker: loads a VLM with transformers.js and streams its answers.
// The only place in the browser that runs the VLM; the bridge replaces this worker after the
// errors listed in VlmErrorCode (src/bridge/types.ts).
import * as Comlink from 'comlink';
import type { BridgeSettings, FileProgress, LoadedVlm, VlmRequest, VlmResult } from '../src/bridge/types';
import { installErrorTransfer } from '../src/bridge/wire';
import { UserFacingError, throwIfAborted } from './lib/errors';
import { cancelOperation, withOperation } from './lib/operations';
import { forgetVlm, loadVlmOnce, loadedVlm } from './lib/load-vlm';
import { generateAnswer } from './lib/vlm-generate';
import { runFailure } from './lib/vlm-errors';

installErrorTransfer();

let settings: BridgeSettings = { source: 'self', hubHost: 'https://huggingface.co/', device: 'auto' };

/** Calls into the page never throw into the work: a closed page must not fail a load or an answer. */
function safeCallback<T>(callback: (value: T) => unknown): { call: (value: T) => void; release: () => void } {
  let released = false;
  return {
    call(value) {
      if (released) return;
      try {
        void Promise.resolve(callback(value)).catch(() => undefined);
      } catch {
        // the proxy was released or its page is gone
      }
    },
    release() {
      if (released) return;
      released = true;
      (callback as unknown as Partial<Record<typeof Comlink.releaseProxy, () => void>>)[Comlink.releaseProxy]?.();
    },
  };
}

const api = {
  cancel: cancelOperation,

  configure(next: BridgeSettings): void {
    if (JSON.stringify(next) !== JSON.stringify(settings)) {
      settings = next;
      forgetVlm(); // a new source or device means a fresh load
    }
  },

  async load(opId: number, key: string, onProgress: (p: FileProgress) => void): Promise<LoadedVlm> {
    const progress = safeCallback(onProgress);
    try {
      return await withOperation(opId, async (signal) => {
        const loaded = await loadVlmOnce(key, settings, progress.call);
        throwIfAborted(signal);
        return loaded.info;
      });
    } finally {
      progress.release();
    }
  },

  /** Streams the answer through `onToken`; `cancel(opId)` stops it and resolves with the text so far. */
  async generate(opId: number, request: VlmRequest, onToken: (piece: string) => void): Promise<VlmResult> {
    const tokens = safeCallback(onToken);
    try {
      return await withOperation(opId, async (signal) => {
        const pending = loadedVlm();
        if (!pending) throw new UserFacingError('no-model', 'No language model is loaded yet.');
        const loaded = await pending;
        try {
          return await generateAnswer(loaded, request, { onToken: tokens.call, signal });
        } catch (error) {
          throw runFailure(error, loaded.info.device);
        }
      });
    } finally {
      tokens.release();
    }
  },
};

export type VlmWorker = typeof api;
Comlink.expose(api);
