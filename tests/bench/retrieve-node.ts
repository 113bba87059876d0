// Node benchmark of one coordinate-index query:  npx tsx tests/bench/retrieve-node.ts [runs]
// Prints one JSON object on stdout. The measured body lives in src/core/retrieve/bench.ts so
// the same code can be timed in a browser.
import { performance } from 'node:perf_hooks';
import { benchQuery, randomIndex } from '../../src/core/retrieve/bench';

const runs = Number(process.argv[2] ?? 30);
const now = () => performance.now();

let start = now();
const index = randomIndex({ count: 100_000, dim: 512, seed: 42, element: 'int8' });
const buildMs = now() - start;

const simd = benchQuery(index, { runs, now, k: 15 });
const js = benchQuery(index, { runs: 5, warmup: 1, now, k: 15, kernel: 'js' });

const round = (ms: number) => Math.round(ms * 1000) / 1000;
process.stdout.write(
  JSON.stringify({
    index_query_ms_node: round(simd.medianMs),
    runs: simd.runs,
    kernel: simd.kernel,
    count: simd.count,
    dim: simd.dim,
    k: simd.k,
    min_ms: round(simd.minMs),
    p90_ms: round(simd.p90Ms),
    max_ms: round(simd.maxMs),
    first_query_ms: round(simd.firstQueryMs),
    prepare_ms: round(simd.prepareMs),
    build_index_ms: round(buildMs),
    js_fallback_median_ms: round(js.medianMs),
    node: process.version,
  }) + '\n',
);
