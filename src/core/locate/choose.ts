// The candidate set and the final choice: every model answer, plus the top gallery place, each
// encoded with the location model and compared with the photo's embedding.

import type { Match } from '../retrieve/search';
import { buildCandidates, chooseFinal, type Candidate, type FinalChoice } from '../select/candidates';
import type { AnswerParse } from '../reason/parse-answer';
import type { ModelAnswer } from './answers';
import type { PipelineServices } from './services';
import type { RegionRule } from './full';
import { sortByConstraints } from './follow-up';

export interface Choice {
  readonly choice: FinalChoice;
}

export async function chooseAmong(
  answers: readonly ModelAnswer[],
  topPlace: Match | null,
  imageEmbedding: Float32Array,
  services: PipelineServices,
  extra: readonly Candidate[] = [],
  region?: RegionRule,
): Promise<Choice> {
  const [direct, ...refined] = answers;
  const candidates = [
    ...buildCandidates({ direct: direct?.parse ?? NOT_ASKED, refined: refinedOf(refined), retrieval: topPlace }),
    ...extra,
  ];
  return { choice: await chooseByEmbedding(region ? await outsideRegionFailed(candidates, region) : candidates, imageEmbedding, services) };
}

/** Candidates outside the region stay in the list, in order, as failed ones that say why. */
async function outsideRegionFailed(candidates: readonly Candidate[], region: RegionRule): Promise<Candidate[]> {
  const { ruledOut } = await sortByConstraints(candidates, region.constraints, (points) => region.countryOf(points));
  const because = new Map(ruledOut.map((r) => [r.candidate as Candidate, r.because]));
  return candidates.map((candidate): Candidate => {
    const broken = because.get(candidate);
    if (broken === undefined) return candidate;
    return { source: candidate.source, label: candidate.label, ok: false, lat: null, lon: null, reason: `Outside the region searched (${broken}).` };
  });
}

export async function chooseByEmbedding(
  candidates: readonly Candidate[],
  imageEmbedding: Float32Array,
  services: PipelineServices,
): Promise<FinalChoice> {
  const located = candidates.flatMap((candidate, index) => (candidate.ok ? [{ index, point: { lat: candidate.lat, lon: candidate.lon } }] : []));
  const embedded = located.length === 0 ? [] : await services.encodeLocations(located.map((entry) => entry.point));
  const embeddings: (Float32Array | null)[] = candidates.map(() => null);
  located.forEach((entry, i) => (embeddings[entry.index] = embedded[i] ?? null));
  return chooseFinal(candidates, embeddings, imageEmbedding);
}

function refinedOf(answers: readonly ModelAnswer[]) {
  return answers.map((answer) => ({ k: Number(answer.purpose.slice('refined-'.length)), result: answer.parse }));
}

const NOT_ASKED: AnswerParse = { ok: false, problem: 'empty', reason: 'The model was stopped before it answered.' };
