// The whole method on the command line (issue 4's `locate --mode full`): the same pipeline as the
// browser (src/core/locate), with its services backed by the models in Node.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { REGISTRY, type VlmEntry } from '../../models/registry';
import { decodeImage, findEncoder, loadEncoders } from '../../workers/node/encoders';
import { loadImageEncoder, loadLocationEncoder, modelInFolder } from '../../workers/node/geoclip';
import { placeNames } from '../../workers/lib/place-names';
import { loadPlacesNode } from '../../workers/node/places';
import { decodePhotoForVlm, loadVlmNode, type NodeVlm } from '../../workers/node/vlm';
import { l2Normalise } from '../core/encode/normalise';
import { runFullPipeline, type FullResult } from '../core/locate/full';
import { stopsAtAnswer, type PipelineServices, type StageName } from '../core/locate/services';
import type { Cue } from '../core/cluemap/types';
import { placeLabel } from '../core/place/label';
import { checkPhoto } from '../core/photo/dimensions';
import { decodeIndex } from '../core/retrieve/format';
import { checkEncoder, searchIndex } from '../core/retrieve/search';
import type { PlaceConstraint } from '../core/reason/constraints';
import { readBytes } from './files';
import { regionMask } from './region-flags';
import { refineInNode, refineJson } from './refine';
import { confidenceFields } from './surface';

export const DEFAULT_MAX_NEW_TOKENS = 384;

export interface FullOptions {
  models: string;
  index: string;
  /** Registry key or folder of the VLM; the first real one under `models`, else the test model. */
  vlm?: string;
  maxNewTokens?: number;
  /** How many gallery places to retrieve (15 in the method). */
  k?: number;
  /** Score new points around the top gallery places; a refined point joins the final choice. */
  refine?: boolean;
  /** Leave out gallery places outside these (--bbox, --within, --country); answers outside cannot win. */
  constraints?: readonly PlaceConstraint[];
}

/** The first real VLM under `modelsDir`, else the generated one, else the choice as given. */
export function findVlm(modelsDir: string, choice?: string): string {
  if (choice !== undefined) {
    const byKey = REGISTRY.find((entry) => entry.key === choice);
    return byKey ? resolve(modelsDir, byKey.id) : choice;
  }
  const vlms = REGISTRY.filter((entry): entry is VlmEntry => entry.kind === 'vlm').sort((a, b) => Number(a.tiny) - Number(b.tiny));
  const found = vlms.find((entry) => existsSync(resolve(modelsDir, entry.id, 'config.json')));
  if (!found) throw new Error(`No vision-language model was found in ${modelsDir} (looked for ${vlms.map((e) => e.id).join(', ')}).`);
  return resolve(modelsDir, found.id);
}

export interface FullLocator {
  locate(path: string, cues?: readonly Cue[]): Promise<FullLocation>;
}

export type FullLocation = Awaited<ReturnType<typeof describe>> & {
  refine?: ReturnType<typeof refineJson>;
  /** How sure, around the final answer (`around` names it; 'top' when it is the top gallery place); null without a final answer. */
  confidence: Record<string, unknown> | null;
  /** The region searched (as `locate` in fast mode writes it), or null for the whole index. */
  region: { constraints: string[]; kept: number; total: number } | null;
};

export async function createFullLocator(options: FullOptions): Promise<FullLocator> {
  const index = decodeIndex(readBytes(options.index, 'Index file'));
  const ref = modelInFolder(options.models, index.meta);
  checkEncoder(index, ref.id, ref.revision);
  const constraints = options.constraints ?? [];
  // Before any model loads: a region without a gallery place is an error straight away.
  const mask = await regionMask(options.index, index, constraints);
  const region = mask ? { constraints: constraints.map((c) => c.label), kept: mask.kept, total: index.count } : null;
  const [encodeImage, encodeLocation, vlm, encoders, places] = await Promise.all([
    loadImageEncoder(ref),
    loadLocationEncoder(ref),
    loadVlmNode(findVlm(options.models, options.vlm)),
    loadEncoders(findEncoder('clip', options.models), findEncoder('embedder', options.models)),
    loadPlacesNode(),
  ]);
  const k = options.k ?? 15;
  const maxNewTokens = options.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS;
  const tiny = { geoclip: ref.tiny, vlm: vlm.info.tiny, clip: encoders.info.clip.tiny, embedder: encoders.info.embedder.tiny };

  return {
    async locate(path, cues) {
      const bytes = readBytes(path, 'Image');
      checkPhoto(bytes, basename(path));
      const times: Partial<Record<StageName | 'encode' | 'retrieve', number>> = {};
      const started = performance.now();
      const imageEmbedding = await encodeImage(bytes);
      times.encode = performance.now() - started;
      const retrieving = performance.now();
      const { softmax, ...retrieval } = searchIndex(index, imageEmbedding, k, { ...(mask ? { allowed: mask.allowed } : {}), keepSoftmax: true });
      times.retrieve = performance.now() - retrieving;
      const vlmPixels = await decodePhotoForVlm(bytes);
      const encoderPixels = await decodeImage(bytes);
      const services: PipelineServices = {
        now: () => performance.now(),
        throwIfAborted: () => undefined,
        async ask(messages, purpose) {
          const result = await vlm.generate({ pixels: vlmPixels, messages: messages.map(({ role, text }) => ({ role, text })), maxNewTokens, stopAtAnswer: stopsAtAnswer(purpose) });
          return { text: result.text, stopped: result.stopped };
        },
        async cluemapMatrices(list) {
          const inputs = await encoders.cluemapInputs(encoderPixels, list);
          return { cuePatch: inputs.cuePatch, cueCue: inputs.cueCue };
        },
        async encodeLocations(points) {
          if (points.length === 0) return [];
          const rows = await encodeLocation(new Float32Array(points.flatMap((p) => [p.lat, p.lon])), points.length);
          const dim = rows.length / points.length;
          return points.map((_, i) => l2Normalise(rows.slice(i * dim, (i + 1) * dim)));
        },
        async lookUpPlace(answer) {
          const hit = places.gazetteer.find({ city: answer.city, region: answer.region, country: answer.country, countryCode: answer.countryCode });
          return hit ? { lat: hit.lat, lon: hit.lon } : null;
        },
      };
      const refinement = options.refine ? await refineInNode(encodeLocation, imageEmbedding, retrieval.most) : null;
      const refined = refinement?.outcome.refined ?? null;
      const rule = constraints.length > 0 ? { constraints, countryOf: async (points: readonly { lat: number; lon: number }[]) => points.map((p) => places.countryAt(p)) } : null;
      const result = await runFullPipeline({ imageEmbedding, retrieval, refined, ...(cues ? { cues } : {}), ...(rule ? { region: rule } : {}) }, services);
      const label = (points: { lat: number; lon: number }[]) => placeNames(places, points).map(placeLabel);
      const final = result.choice.final;
      const top = retrieval.most[0];
      const finalIsTop = final !== null && top !== undefined && final.lat === top.lat && final.lon === top.lon;
      const confidence = final && softmax ? await confidenceFields(index, softmax, finalIsTop ? undefined : { lat: final.lat, lon: final.lon, source: 'final' }) : null;
      const described = describe(path, result, { ...times, ...result.times }, tiny, vlm, label);
      return { ...described, ...(refinement ? { refine: refineJson(refinement.outcome, refinement.ms, refined ? label([refined])[0]! : null) } : {}), confidence, region };
    },
  };
}

function describe(
  image: string,
  result: FullResult,
  ms: Record<string, number | undefined>,
  tiny: Record<string, boolean>,
  vlm: NodeVlm,
  label: (points: { lat: number; lon: number }[]) => string[],
) {
  const located = result.choice.candidates.filter((c) => c.ok);
  const labels = new Map(located.map((c, i) => [c.source, label(located.map((l) => ({ lat: l.lat!, lon: l.lon! })))[i]!]));
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);
  const final = result.choice.final;
  return {
    image,
    mode: 'full' as const,
    testModels: Object.values(tiny).some(Boolean),
    models: { vlm: `${vlm.info.id}@${vlm.info.revision}` },
    final: final
      ? { lat: final.lat, lon: final.lon, source: final.source, label: final.label, similarity: round(final.similarity), place: labels.get(final.source) ?? '' }
      : null,
    chosenBy: result.choice.chosenBy,
    candidates: result.choice.candidates.map((c) => ({
      source: c.source,
      label: c.label,
      ok: c.ok,
      lat: c.lat,
      lon: c.lon,
      similarity: round(c.similarity),
      km_to_final: round(c.distanceKm),
      place: c.ok ? (labels.get(c.source) ?? '') : null,
      reason: c.ok ? null : c.reason,
      coordinate_source: c.ok && c.answer ? c.answer.coordinateSource : c.ok ? 'index' : null,
      reasons: c.ok && c.answer ? c.answer.reasons : [],
    })),
    cues: { reply: result.cueReading.reply, problems: result.cueReading.problems },
    cluemap: result.clueText,
    answers: result.answers.map((a) => ({ purpose: a.purpose, reply: a.reply, ok: a.parse.ok, reason: a.parse.ok ? null : a.parse.reason, placed_by_gazetteer: a.placedByGazetteer })),
    ms: Object.fromEntries(Object.entries(ms).map(([stage, value]) => [stage, value === undefined ? null : Math.round(value)])),
  };
}
