// The full pipeline's services in the browser: every call goes through the bridge. Streaming text
// and the Stop button are wired here; `stopSignal` stops only the generation running now.
import type { Bridge, DecodedPhoto } from '../../bridge/types';
import { embeddingRows } from '../../core/cluemap/cosine';
import { cluemapInputsOf, type EmbeddedCues } from '../../core/cluemap/embedded';
import type { Patch } from '../../core/cluemap/patch-grid';
import { stopsAtAnswer, type AskPurpose, type PipelineServices, type StageEvent } from '../../core/locate/services';

export interface ServiceHooks {
  /** Called for each piece of streamed text. */
  onToken(purpose: AskPurpose, text: string): void;
  onGenerated(purpose: AskPurpose, info: { tokensPerSecond: number | null; fellBackToWasm: boolean }): void;
  onStage(event: StageEvent): void;
  /** The embeddings behind the cluemap, kept for the user's edits. */
  onEmbedded(embedded: EmbeddedCues, boxes: Patch[]): void;
  /** The signal that aborts the whole run. */
  readonly runSignal: AbortSignal;
  /** The longest answer the model may write. */
  readonly maxNewTokens: number;
  /** A fresh signal per generation: Stop aborts it and the generation ends with what it has. */
  stopSignal(): AbortSignal;
}

export function browserServices(bridge: Bridge, pixels: DecodedPhoto['pixels'], hooks: ServiceHooks): PipelineServices {
  const { runSignal } = hooks;
  return {
    now: () => performance.now(),
    throwIfAborted: () => runSignal.throwIfAborted(),
    async ask(messages, purpose) {
      const stop = AbortSignal.any([runSignal, hooks.stopSignal()]);
      const result = await bridge.generate({ pixels, messages, maxNewTokens: hooks.maxNewTokens, stopAtAnswer: stopsAtAnswer(purpose) }, (text) => hooks.onToken(purpose, text), stop);
      runSignal.throwIfAborted();
      hooks.onGenerated(purpose, { tokensPerSecond: result.tokensPerSecond, fellBackToWasm: result.fellBackToWasm });
      return { text: result.text, stopped: result.stopped };
    },
    async cluemapMatrices(cues) {
      const patches = await bridge.encodePatches(pixels, runSignal);
      const texts = await bridge.encodeCues(cues, runSignal);
      const embedded: EmbeddedCues = {
        cues,
        patches: embeddingRows(patches.embeddings, patches.dim),
        cueClip: embeddingRows(texts.clip, texts.clipDim),
        cueSentence: embeddingRows(texts.sentence, texts.sentenceDim),
      };
      hooks.onEmbedded(embedded, patches.patches);
      return cluemapInputsOf(embedded);
    },
    encodeLocations: (points) => bridge.encodeLocations(points, runSignal),
    async lookUpPlace(answer) {
      const hit = await bridge.lookupPlace({ city: answer.city, region: answer.region, country: answer.country, countryCode: answer.countryCode });
      return hit ? { lat: hit.lat, lon: hit.lon } : null;
    },
    onStage: (event) => hooks.onStage(event),
  };
}
