// Services for pipeline tests: canned model replies (a stand-in only for the model's text) and
// hand-made embeddings, so that every number in the checks can be worked out by hand.
import { matrix, type Cue } from '../../../src/core/cluemap/types';
import type { LatLon } from '../../../src/core/geo/types';
import type { ChatMessage } from '../../../src/core/reason/prompt';
import type { AskPurpose, Generation, PipelineServices, StageEvent } from '../../../src/core/locate/services';

export interface Recorded {
  asked: { purpose: AskPurpose; messages: readonly ChatMessage[] }[];
  stages: StageEvent[];
  encoded: LatLon[][];
}

/** A location embedding that is simply the point on the unit sphere. */
export function sphere(point: LatLon): Float32Array {
  const lat = (point.lat * Math.PI) / 180;
  const lon = (point.lon * Math.PI) / 180;
  return Float32Array.of(Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat));
}

export function scriptedServices(
  replies: Partial<Record<AskPurpose, string | Generation>>,
  gazetteer: Record<string, LatLon> = {},
): { services: PipelineServices; recorded: Recorded } {
  const recorded: Recorded = { asked: [], stages: [], encoded: [] };
  let clock = 0;
  const services: PipelineServices = {
    now: () => (clock += 10),
    throwIfAborted: () => undefined,
    async ask(messages, purpose) {
      recorded.asked.push({ purpose, messages });
      const reply = replies[purpose] ?? '';
      return typeof reply === 'string' ? { text: reply, stopped: false } : reply;
    },
    async cluemapMatrices(cues: readonly Cue[]) {
      const n = cues.length;
      const patches = 2;
      const cuePatch = matrix(n, patches, Array.from({ length: n * patches }, (_, i) => ((i * 7) % 5) / 10));
      const cueCue = matrix(n, n, Array.from({ length: n * n }, (_, i) => (Math.floor(i / n) === i % n ? 1 : 0.2)));
      return { cuePatch, cueCue };
    },
    async encodeLocations(points) {
      recorded.encoded.push([...points]);
      return points.map(sphere);
    },
    async lookUpPlace(answer) {
      const name = answer.city ?? answer.region ?? answer.country ?? '';
      return gazetteer[name] ?? null;
    },
    onStage: (event) => recorded.stages.push(event),
  };
  return { services, recorded };
}
