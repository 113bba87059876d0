import { IndexBuilder } from './build';
import { type KernelName, type KernelPreference } from './kernels';
import { gaussianFill, seededRandom } from './random';
import { createSearcher } from './search';
import type { CoordinateIndex, ElementType } from './types';

export interface RandomIndexOptions {
  count: number;
  dim: number;
  seed: number;
  element?: ElementType;
}

/** An index of random unit embeddings over random coordinates, for benchmarks and tests. */
export function randomIndex({ count, dim, seed, element = 'int8' }: RandomIndexOptions): CoordinateIndex {
  const random = seededRandom(seed);
  const lat = new Float32Array(count);
  const lon = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    lat[i] = random() * 180 - 90;
    lon[i] = random() * 360 - 180;
  }
  const meta = { encoderId: 'random', encoderRevision: `seed-${seed}`, gallerySource: 'random', createdAt: new Date(0).toISOString() };
  const builder = new IndexBuilder({ coords: { lat, lon }, dim, meta, element });
  const chunkRows = 4096;
  const chunk = new Float32Array(chunkRows * dim);
  for (let start = 0; start < count; start += chunkRows) {
    const rows = Math.min(chunkRows, count - start);
    const values = chunk.subarray(0, rows * dim);
    gaussianFill(random, values);
    builder.add(start, values);
  }
  return builder.finish();
}

export interface BenchOptions {
  /** Timed queries (after `warmup` untimed ones). */
  runs: number;
  /** A monotonic clock in milliseconds, e.g. `performance.now`. */
  now: () => number;
  k?: number;
  warmup?: number;
  seed?: number;
  kernel?: KernelPreference;
}

export interface BenchResult {
  kernel: KernelName;
  count: number;
  dim: number;
  k: number;
  runs: number;
  /** Preparing the searcher (copying rows into WebAssembly memory), paid once per index. */
  prepareMs: number;
  /** The first query after preparing, before the engine has optimised anything. */
  firstQueryMs: number;
  medianMs: number;
  minMs: number;
  p90Ms: number;
  maxMs: number;
  timingsMs: number[];
}

/** Times full queries (normalise, score every row, most-k, least-k, softmax) on random unit queries. */
export function benchQuery(index: CoordinateIndex, options: BenchOptions): BenchResult {
  const { runs, now, k = 15, warmup = 5, seed = 1, kernel = 'auto' } = options;
  const random = seededRandom(seed);
  const queries = Array.from({ length: warmup + runs + 1 }, () => {
    const query = new Float32Array(index.dim);
    gaussianFill(random, query);
    return query;
  });

  let start = now();
  const searcher = createSearcher(index, kernel);
  const prepareMs = now() - start;

  const timingsMs: number[] = [];
  queries.forEach((query, n) => {
    start = now();
    searcher.search(query, k);
    const elapsed = now() - start;
    if (n === 0 || n > warmup) timingsMs.push(elapsed);
  });
  const firstQueryMs = timingsMs.shift()!;

  const sorted = [...timingsMs].sort((a, b) => a - b);
  const at = (fraction: number): number => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
  const median = sorted.length % 2 === 1 ? at(0.5) : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return {
    kernel: searcher.kernel,
    count: index.count,
    dim: index.dim,
    k,
    runs: timingsMs.length,
    prepareMs,
    firstQueryMs,
    medianMs: median,
    minMs: sorted[0]!,
    p90Ms: at(0.9),
    maxMs: sorted[sorted.length - 1]!,
    timingsMs,
  };
}
