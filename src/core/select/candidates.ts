import { haversineKm } from '../geo/haversine';
import type { Km, LatLon } from '../geo/types';
import type { AnswerParse, LocatedAnswer } from '../reason/parse-answer';
import type { Match } from '../retrieve/search';
import { cosineSimilarity } from './cosine';

/**
 * Where a candidate came from: the direct answer, an answer given k reference places, GeoCLIP's
 * top place, a point between gallery places found by scoring new coordinates around the best ones
 * ('refined', core/refine), or the model's answer to the user's n-th chat message.
 */
export type CandidateSource = 'direct' | `refined-${number}` | 'retrieval' | 'refined' | `follow-up-${number}`;

interface CandidateBase {
  readonly source: CandidateSource;
  /** A short label for people, e.g. "With 10 reference places". */
  readonly label: string;
}

export interface LocatedCandidate extends CandidateBase, LatLon {
  readonly ok: true;
  /** The model's full answer; null for the retrieval candidate. */
  readonly answer: LocatedAnswer | null;
  /** The gallery match; null for model answers. */
  readonly match: Match | null;
}

/** An answer that gave no usable location. It stays in the list, never as (0, 0). */
export interface FailedCandidate extends CandidateBase {
  readonly ok: false;
  readonly lat: null;
  readonly lon: null;
  readonly reason: string;
}

export type Candidate = LocatedCandidate | FailedCandidate;

export interface CandidateInputs {
  /** The Chain-of-Region answer without references. */
  readonly direct: AnswerParse;
  /** The answers to the refinement prompts, with the number of reference places each was shown. */
  readonly refined: readonly { readonly k: number; readonly result: AnswerParse }[];
  /** GeoCLIP's most similar gallery place; null when there is none (every row filtered out). */
  readonly retrieval: Match | null;
}

/** The candidates in a fixed order: direct, refined (as given), retrieval. */
export function buildCandidates(inputs: CandidateInputs): Candidate[] {
  return [
    candidateFromAnswer('direct', inputs.direct),
    ...inputs.refined.map(({ k, result }) => candidateFromAnswer(`refined-${k}`, result)),
    candidateFromMatch(inputs.retrieval),
  ];
}

/**
 * A model answer as a candidate. An answer that only names a place fails here: look the place
 * up first (`withGazetteerCoordinates`) and pass the located answer instead.
 */
export function candidateFromAnswer(source: CandidateSource, result: AnswerParse): Candidate {
  const label = labelOf(source);
  if (!result.ok) return { ok: false, source, label, lat: null, lon: null, reason: result.reason };
  if (result.needsGazetteer) {
    const { landmark, city, region, country } = result.answer;
    const place = landmark ?? city ?? region ?? country;
    return { ok: false, source, label, lat: null, lon: null, reason: `The answer names ${place} but gives no coordinates, and it was not looked up.` };
  }
  const { lat, lon } = result.answer;
  return { ok: true, source, label, lat, lon, answer: result.answer, match: null };
}

export function candidateFromMatch(match: Match | null): Candidate {
  const source = 'retrieval';
  const label = labelOf(source);
  if (match === null) return { ok: false, source, label, lat: null, lon: null, reason: 'No gallery place was left to retrieve.' };
  return { ok: true, source, label, lat: match.lat, lon: match.lon, answer: null, match };
}

/** The refined point (core/refine) as a candidate; it has neither a model answer nor a gallery row. */
export function candidateFromRefined(point: LatLon): LocatedCandidate {
  return { ok: true, source: 'refined', label: labelOf('refined'), lat: point.lat, lon: point.lon, answer: null, match: null };
}

function labelOf(source: CandidateSource): string {
  if (source === 'direct') return 'Direct answer';
  if (source === 'refined') return 'Refined point between gallery places';
  if (source === 'retrieval') return 'Most similar gallery place';
  if (source.startsWith('follow-up-')) return `After chat message ${source.slice('follow-up-'.length)}`;
  return `With ${source.slice('refined-'.length)} reference places`;
}

export type ScoredCandidate = Candidate & {
  /** Cosine similarity of the candidate's location embedding to the image embedding; null when not compared. */
  readonly similarity: number | null;
  /** Great-circle distance to the final answer; null for failed candidates or when there is no final answer. */
  readonly distanceKm: Km | null;
};

export interface FinalChoice {
  /** The chosen candidate; null only when no candidate has a location at all. */
  readonly final: (LocatedCandidate & ScoredCandidate) | null;
  readonly index: number | null;
  /** How the final answer was chosen. */
  readonly chosenBy: 'image-similarity' | 'retrieval-fallback' | 'none';
  /** Every candidate, in the order given, with its similarity and distance to the final answer. */
  readonly candidates: readonly ScoredCandidate[];
}

/**
 * Picks the final answer as the method does: of the located candidates, the one whose location
 * embedding (from the location encoder) is most similar to the image embedding. Ties go to the
 * earlier candidate. When no located candidate can be compared, the retrieval candidate wins.
 * `candidateEmbeddings[i]` belongs to `candidates[i]`; failed candidates may have null.
 */
export function chooseFinal(
  candidates: readonly Candidate[],
  candidateEmbeddings: readonly (ArrayLike<number> | null | undefined)[],
  imageEmbedding: ArrayLike<number>,
): FinalChoice {
  if (candidateEmbeddings.length !== candidates.length) {
    throw new RangeError(`Got ${candidateEmbeddings.length} embeddings for ${candidates.length} candidates.`);
  }
  const similarities = candidates.map((candidate, index) => {
    const embedding = candidateEmbeddings[index];
    return candidate.ok && embedding != null ? cosineSimilarity(embedding, imageEmbedding) : null;
  });

  let best: number | null = null;
  for (let i = 0; i < similarities.length; i++) {
    const similarity = similarities[i]!;
    if (similarity !== null && (best === null || similarity > similarities[best]!)) best = i; // ties keep the earlier
  }
  const retrieval = candidates.findIndex((candidate) => candidate.source === 'retrieval' && candidate.ok);
  const index = best ?? (retrieval === -1 ? null : retrieval);
  const chosenBy = best !== null ? 'image-similarity' : index !== null ? 'retrieval-fallback' : 'none';

  const finalPlace = index === null ? null : (candidates[index] as LocatedCandidate);
  const scored = candidates.map((candidate, i): ScoredCandidate => ({
    ...candidate,
    similarity: similarities[i]!,
    distanceKm: candidate.ok && finalPlace !== null ? haversineKm(finalPlace, candidate) : null,
  }));
  const final = index === null ? null : (scored[index] as LocatedCandidate & ScoredCandidate);
  return { final, index, chosenBy, candidates: scored };
}
