import { IndexError } from './errors';
import { createScoreKernel, type KernelName, type KernelPreference, type ScoreKernel } from './kernels';
import { normalised } from './quantize';
import { TopK } from './topk';
import type { CoordinateIndex, IndexMeta } from './types';

/** GeoCLIP's learned softmax temperature: logits = GEOCLIP_LOGIT_SCALE x cosine. */
export const GEOCLIP_LOGIT_SCALE = Math.exp(3.681034803390503);

export interface Match {
  /** Row of the gallery. */
  i: number;
  lat: number;
  lon: number;
  /** Cosine similarity between the query and this row's location embedding. */
  score: number;
  /** Softmax probability of this row over every allowed row of the gallery. */
  p: number;
}

export interface SearchResult {
  /** The k most similar rows, most similar first. */
  most: Match[];
  /** The k least similar rows, least similar first. */
  least: Match[];
  /** The whole softmax, when asked for with `keepSoftmax` (for the probability surface). */
  softmax?: Softmax;
}

/** The softmax of one query over the whole index: p(row) = exp(logitScale * (scores[row] - max)) / sum. */
export interface Softmax {
  /** One cosine per row of the index; -Infinity for rows the allowed-mask left out. */
  readonly scores: Float32Array;
  /** The largest allowed score. */
  readonly max: number;
  /** Sum over allowed rows of exp(logitScale * (score - max)), in float64. */
  readonly sum: number;
  readonly logitScale: number;
}

export interface SearchOptions {
  /** One byte per row; rows whose byte is 0 are left out entirely and get no probability. */
  allowed?: Uint8Array;
  logitScale?: number;
  /** Also return every row's score with the softmax's maximum and sum (a copy, 4 bytes a row). */
  keepSoftmax?: boolean;
}

export interface IndexSearcher {
  readonly kernel: KernelName;
  search(query: ArrayLike<number>, k: number, options?: SearchOptions): SearchResult;
}

const searchers = new WeakMap<CoordinateIndex, IndexSearcher>();

/**
 * Ranks the gallery by cosine similarity to `query` (normalised here first). The first call
 * for an index prepares its search kernel (copying the rows into WebAssembly memory); later
 * calls reuse it.
 */
export function searchIndex(index: CoordinateIndex, query: ArrayLike<number>, k: number, options?: SearchOptions): SearchResult {
  return prepareSearch(index).search(query, k, options);
}

/**
 * Prepares (once) the searcher `searchIndex` uses for this index. Calling it when an index is
 * opened moves that one-off cost (tens of milliseconds for 100K x 512) off the first query.
 */
export function prepareSearch(index: CoordinateIndex): IndexSearcher {
  let searcher = searchers.get(index);
  if (!searcher) {
    searcher = createSearcher(index);
    searchers.set(index, searcher);
  }
  return searcher;
}

export function createSearcher(index: CoordinateIndex, kernel: KernelPreference = 'auto'): IndexSearcher {
  const scoreKernel = createScoreKernel(index, kernel);
  return {
    kernel: scoreKernel.name,
    search: (query, k, options = {}) => rank(index, scoreKernel, query, k, options),
  };
}

/** Throws 'encoder-mismatch' unless the index was built by this encoder and revision. */
export function checkEncoder(index: { readonly meta: IndexMeta }, encoderId: string, revision: string): void {
  const { meta } = index;
  if (meta.encoderId === encoderId && meta.encoderRevision === revision) return;
  throw new IndexError(
    'encoder-mismatch',
    `This coordinate index was built with the location encoder "${meta.encoderId}" (revision ${meta.encoderRevision}), ` +
      `but the loaded encoder is "${encoderId}" (revision ${revision}). Their embeddings are not comparable; ` +
      'build the index again with the loaded encoder.',
  );
}

/**
 * Coordinates are stored as float32 (about 1e-5 degrees, one metre, of precision); rounding to
 * five decimals gives back the decimal the gallery was written with instead of float32 noise.
 */
function fromFloat32(degrees: number): number {
  return Math.round(degrees * 1e5) / 1e5;
}

function rank(index: CoordinateIndex, kernel: ScoreKernel, query: ArrayLike<number>, k: number, options: SearchOptions): SearchResult {
  const { count, dim, latLon } = index;
  const { allowed, logitScale = GEOCLIP_LOGIT_SCALE } = options;
  if (query.length !== dim) {
    throw new IndexError('dim-mismatch', `The image embedding has ${query.length} dimensions, but this index holds ${dim}-dimensional location embeddings.`);
  }
  if (!Number.isInteger(k) || k < 0) throw new IndexError('bad-input', `The number of matches to return must be a whole number >= 0, not ${k}.`);
  if (allowed && allowed.length !== count) {
    throw new IndexError('bad-input', `The allowed-rows mask has ${allowed.length} entries for an index of ${count} rows.`);
  }
  if (!Number.isFinite(logitScale)) throw new IndexError('bad-input', `The logit scale ${logitScale} is not a finite number.`);

  const scores = kernel.score(normalised(query, 'image embedding'));

  const most = new TopK(Math.min(k, count));
  const least = new TopK(Math.min(k, count));
  let maxScore = -Infinity;
  for (let i = 0; i < count; i++) {
    if (allowed !== undefined && allowed[i] === 0) {
      scores[i] = -Infinity; // no share of the softmax below
      continue;
    }
    const score = scores[i]!;
    if (score > maxScore) maxScore = score;
    if (score > most.threshold) most.offer(i, score);
    if (-score > least.threshold) least.offer(i, -score);
  }

  // Softmax shifted by the maximum so no exponential overflows; the sum is a float64.
  const sum = maxScore === -Infinity ? 0 : kernel.sumExp(maxScore, logitScale);

  const toMatch = (i: number, score: number): Match => ({
    i,
    lat: fromFloat32(latLon[2 * i]!),
    lon: fromFloat32(latLon[2 * i + 1]!),
    score,
    p: Math.exp(logitScale * (score - maxScore)) / sum,
  });
  const result: SearchResult = {
    most: most.sorted().map(({ id, key }) => toMatch(id, key)),
    least: least.sorted().map(({ id, key }) => toMatch(id, -key)),
  };
  if (options.keepSoftmax) result.softmax = { scores: scores.slice(), max: maxScore, sum, logitScale };
  return result;
}
