// What the batch keeps for each located photo, and how it becomes export rows and accuracy figures.
import type { ExportConfidence, ExportRow } from '../export/types';
import type { Confidence } from '../surface/describe';
import { summariseErrors, type ErrorSummary } from '../geo/metrics';
import { haversineKm } from '../geo/haversine';
import type { LatLon } from '../geo/types';
import { fastAnswer, type FastAnswer } from '../refine/answer';
import type { RefineOutcome } from '../refine/refine';
import type { BatchItem } from './queue';

/** The one answer kept per photo: no pixels, no embeddings. */
export interface BatchAnswer {
  readonly lat: number;
  readonly lon: number;
  /** Softmax share of the gallery place the answer came from (a refined point's start). */
  readonly probability: number;
  /** Place name of the answer point. */
  readonly place: string;
  /** GPS from the photo's EXIF, the ground truth when present. */
  readonly truth: LatLon | null;
  readonly errorKm: number | null;
  /** The file's real format, sniffed from its bytes (only JPEGs get a geotagged copy). */
  readonly kind: string;
  readonly mode: string;
  readonly models: readonly string[];
  /** A generated test model produced it: the coordinates are noise. */
  readonly noise: boolean;
  /** Mass within the five radii, the credible radii and the country shares; null when not computed. */
  readonly confidence: ExportConfidence | null;
}

export function exportRows(items: readonly BatchItem<BatchAnswer>[]): ExportRow[] {
  return items.flatMap((item) =>
    item.status === 'done' && item.result
      ? [{ file: item.name, ...pick(item.result) }]
      : [],
  );
}

function pick(a: BatchAnswer): Omit<ExportRow, 'file'> {
  return { lat: a.lat, lon: a.lon, probability: a.probability, place: a.place, truth: a.truth, errorKm: a.errorKm, mode: a.mode, models: a.models, noise: a.noise, confidence: a.confidence };
}

/** Distance errors of the photos that carried EXIF GPS. */
export function errorsOf(items: readonly BatchItem<BatchAnswer>[]): number[] {
  return items.flatMap((item) => (item.status === 'done' && item.result?.errorKm != null ? [item.result.errorKm] : []));
}

export function accuracyOf(items: readonly BatchItem<BatchAnswer>[]): ErrorSummary {
  return summariseErrors(errorsOf(items));
}

/** What the exports keep of an answer's confidence (regions and map bounds stay on screen). */
export function exportConfidence(confidence: Confidence | null): ExportConfidence | null {
  if (!confidence) return null;
  return {
    massWithin: [...confidence.massWithin],
    radius50Km: confidence.radius50Km,
    radius90Km: confidence.radius90Km,
    countries: confidence.countries.map(({ name, mass }) => ({ name, mass })),
    around: confidence.around?.source ?? 'top',
  };
}

/** How a batch answer was found: the index search alone, or a refined point between gallery places. */
export function batchMode(answer: Pick<FastAnswer, 'source'>): string {
  return answer.source === 'refined' ? 'retrieval+refine' : 'retrieval';
}

/** The retrieval's best places, as the batch keeps them: best first, with their softmax probability. */
export type RankedPlace = LatLon & { readonly p: number };

export interface AnswerFacts {
  /** The index search's best places, best first (at least the refinement's starts when it ran). */
  readonly most: readonly RankedPlace[];
  /** The refinement's outcome, or null when it was off. */
  readonly refinement: Pick<RefineOutcome, 'refined'> | null;
  /** The photo's usable EXIF GPS, the truth the error is measured against. */
  readonly truth: LatLon | null;
  readonly kind: string;
  readonly models: readonly string[];
  readonly noise: boolean;
}

/**
 * The answer point (fastAnswer: the refined point when there is one) with its probability: the
 * softmax share of the gallery place it came from (the refined point's start).
 */
export function chooseAnswer(facts: Pick<AnswerFacts, 'most' | 'refinement'>): (FastAnswer & { probability: number }) | null {
  const chosen = fastAnswer(facts.most[0], facts.refinement);
  if (!chosen) return null;
  const from = chosen.source === 'refined' ? facts.refinement?.refined?.start.rank ?? 1 : 1;
  return { ...chosen, probability: facts.most[from - 1]?.p ?? facts.most[0]!.p };
}

/** One photo's answer, once the answer point is named and its confidence measured around it. */
export function batchAnswer(
  chosen: FastAnswer & { probability: number },
  facts: AnswerFacts,
  place: string,
  confidence: Confidence | null,
): BatchAnswer {
  return {
    lat: chosen.lat,
    lon: chosen.lon,
    probability: chosen.probability,
    place,
    truth: facts.truth,
    errorKm: facts.truth ? haversineKm(chosen, facts.truth) : null,
    kind: facts.kind,
    mode: batchMode(chosen),
    models: facts.models,
    noise: facts.noise,
    confidence: exportConfidence(confidence),
  };
}
