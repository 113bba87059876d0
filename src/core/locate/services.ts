// What the full pipeline needs from the outside world. The browser passes functions that call its
// workers through the bridge; the command line passes functions that call the models in Node.
// Keeping them as plain functions lets one pipeline serve both, and keeps src/core free of runtimes.

import type { Cue, Matrix } from '../cluemap/types';
import type { LatLon } from '../geo/types';
import type { ChatMessage } from '../reason/prompt';
import type { UnlocatedAnswer } from '../reason/parse-answer';

/** Why the model is being asked; lets the caller label streamed text on screen. */
export type AskPurpose = 'cues' | 'direct' | `refined-${number}` | `follow-up-${number}`;

/** Every question but the cue list asks for one JSON answer and nothing after it. */
export function stopsAtAnswer(purpose: AskPurpose): boolean {
  return purpose !== 'cues';
}

export interface Generation {
  readonly text: string;
  /** True when the user pressed Stop: the text is what came before. */
  readonly stopped: boolean;
}

export interface CluemapMatrices {
  /** Cues x patches: CLIP text of each cue against each patch image. */
  readonly cuePatch: Matrix;
  /** Cues x cues: sentence-embedding cosine. */
  readonly cueCue: Matrix;
}

export type StageName = 'cues' | 'cluemap' | 'reason' | 'refine' | 'select';

export interface StageEvent {
  readonly stage: StageName;
  readonly status: 'running' | 'done' | 'error';
  /** Milliseconds the stage took; set when it is done. */
  readonly ms: number | null;
  readonly detail: string;
}

export interface PipelineServices {
  /** Milliseconds from any fixed origin (performance.now in both the browser and Node). */
  now(): number;
  throwIfAborted(): void;
  /** Asks the vision-language model; the photo goes with the first user message. */
  ask(messages: readonly ChatMessage[], purpose: AskPurpose): Promise<Generation>;
  /** The cue x patch and cue x cue similarities for these cues. */
  cluemapMatrices(cues: readonly Cue[]): Promise<CluemapMatrices>;
  /** The location encoder's embedding of each point, in order. */
  encodeLocations(points: readonly LatLon[]): Promise<Float32Array[]>;
  /** Coordinates for an answer that only named a place, or null when the gazetteer does not know it. */
  lookUpPlace(answer: UnlocatedAnswer): Promise<LatLon | null>;
  onStage?(event: StageEvent): void;
}
