// Encoders worker: CLIP (photo patches and cue texts) and the sentence embedder (cues), the
// embeddings behind the cluemap. Every long call takes an operation id last; the bridge cancels
// it with cancel(id).
import * as Comlink from 'comlink';
import type { BridgeSettings, CluemapInputs, DecodedPhoto, FileProgress, LoadedEncoders, PatchEmbeddings, TextEmbeddings } from '../src/bridge/types';
import { installErrorTransfer } from '../src/bridge/wire';
import type { Pixels } from '../src/core/cluemap/crop';
import type { PatchBox } from '../src/core/cluemap/patch-grid';
import type { Cue } from '../src/core/cluemap/types';
import { cropRgb, checkPixels } from '../src/core/cluemap/crop';
import { clipTextOf, sentenceTextOf } from '../src/core/cluemap/cue-text';
import { UserFacingError, throwIfAborted } from './lib/errors';
import { cancelOperation, withOperation } from './lib/operations';
import { LoadOnce } from './lib/load-once';
import { progressPort } from './lib/progress-port';
import { loadEncoders, type EncoderModels } from './lib/load-encoders';
import { cluemapInputs, embedSentences, encodeClipTexts, encodeImages, encodePatches } from './lib/encoders';

installErrorTransfer();

let settings: BridgeSettings = { source: 'self', hubHost: 'https://huggingface.co/', device: 'auto' };
const models = new LoadOnce<EncoderModels>();

function requireModels(): Promise<EncoderModels> {
  const loaded = models.current();
  if (!loaded) throw new UserFacingError('no-model', 'The CLIP and sentence encoders are not loaded yet.');
  return loaded;
}

function rgba(pixels: DecodedPhoto['pixels']): Pixels {
  const image: Pixels = { width: pixels.width, height: pixels.height, channels: 4, data: pixels.data };
  try {
    checkPixels(image);
  } catch (error) {
    throw new UserFacingError('bad-pixels', `The decoded photo is inconsistent: ${(error as Error).message}.`);
  }
  return image;
}

function transferred<T extends { embeddings: Float32Array }>(result: T): T {
  return Comlink.transfer(result, [result.embeddings.buffer]);
}

const api = {
  cancel: cancelOperation,

  configure(next: BridgeSettings): void {
    if (JSON.stringify(next) !== JSON.stringify(settings)) {
      settings = next;
      models.forget(); // a new source or device means a fresh load
    }
  },

  async load(clipKey: string, embedderKey: string, onProgress: (p: FileProgress) => void, opId: number): Promise<LoadedEncoders> {
    const progress = progressPort(onProgress);
    try {
      return await withOperation(opId, async (signal) => {
        const key = `${clipKey}\n${embedderKey}`;
        const loaded = await models.get(key, () => loadEncoders(clipKey, embedderKey, settings, (p) => void progress.report(p)));
        throwIfAborted(signal);
        return loaded.info;
      });
    } finally {
      progress.release();
    }
  },

  /** The photo's patches (core patchGrid), cropped and encoded as one batch. */
  async encodePatches(pixels: DecodedPhoto['pixels'], opId: number): Promise<PatchEmbeddings> {
    return withOperation(opId, async (signal) => {
      const { clip } = await requireModels();
      throwIfAborted(signal);
      return transferred(await encodePatches(clip, rgba(pixels)));
    });
  },

  /** Any boxes of the photo, encoded as one batch (for instance a region the user marked). */
  async encodeBoxes(pixels: DecodedPhoto['pixels'], boxes: PatchBox[], opId: number): Promise<TextEmbeddings> {
    return withOperation(opId, async (signal) => {
      const { clip } = await requireModels();
      const image = rgba(pixels);
      const crops = boxes.map((box) => {
        try {
          return cropRgb(image, box);
        } catch (error) {
          throw new UserFacingError('bad-box', `${(error as Error).message}.`);
        }
      });
      throwIfAborted(signal);
      return transferred(await encodeImages(clip, crops));
    });
  },

  /** CLIP text embeddings, each text cut to fit the text encoder's context. */
  async encodeCueTexts(texts: string[], opId: number): Promise<TextEmbeddings> {
    return withOperation(opId, async (signal) => {
      const { clip } = await requireModels();
      throwIfAborted(signal);
      return transferred(await encodeClipTexts(clip, texts));
    });
  },

  /** Sentence embeddings (mean pooled, L2-normalised). */
  async embedCues(texts: string[], opId: number): Promise<TextEmbeddings> {
    return withOperation(opId, async (signal) => {
      const { embedder } = await requireModels();
      throwIfAborted(signal);
      return transferred(await embedSentences(embedder, texts));
    });
  },

  /**
   * Both embeddings of each cue, in the shape of the bridge's CueEmbeddings: CLIP text of
   * clipTextOf(cue) and sentence embedding of sentenceTextOf(cue), one row per cue.
   */
  async encodeCues(cues: Cue[], opId: number): Promise<{ clip: Float32Array; clipDim: number; sentence: Float32Array; sentenceDim: number }> {
    return withOperation(opId, async (signal) => {
      const { clip, embedder } = await requireModels();
      throwIfAborted(signal);
      const texts = await encodeClipTexts(clip, cues.map(clipTextOf));
      throwIfAborted(signal);
      const sentences = await embedSentences(embedder, cues.map(sentenceTextOf));
      const result = { clip: texts.embeddings, clipDim: texts.dim, sentence: sentences.embeddings, sentenceDim: sentences.dim };
      return Comlink.transfer(result, [result.clip.buffer, result.sentence.buffer]);
    });
  },

  /** The cue x patch and cue x cue matrices for buildCluemap, with the embeddings edits need. */
  async cluemapInputs(pixels: DecodedPhoto['pixels'], cues: Cue[], opId: number): Promise<CluemapInputs> {
    return withOperation(opId, async (signal) => {
      const { clip, embedder } = await requireModels();
      throwIfAborted(signal);
      return cluemapInputs(clip, embedder, rgba(pixels), cues, () => throwIfAborted(signal));
    });
  },
};

export type EncodersWorker = typeof api;
Comlink.expose(api);
