// The cluemap's figures: core arithmetic, and patch encoding as one batch against one by one
// (tiny CLIP) in Node and in Chromium through the encoders worker on WASM and WebGPU.
// Run alone with `npx tsx tests/bench/cluemap.ts`; `npm run bench` includes them.
import { cluemapArithmetic, patchEncodingNode, TINY_MODELS } from './cluemap-node';
import { withBenchPage } from './bench-server';

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

export async function cluemapFigures(options: { runs?: number; devices?: ('wasm' | 'webgpu')[] } = {}) {
  const runs = options.runs ?? 15;
  log('cluemap arithmetic (30 cues x 10 patches, core only)');
  const arithmetic = cluemapArithmetic();
  log('patch encoding with the tiny CLIP in Node');
  const node = await patchEncodingNode(TINY_MODELS, runs);
  const browser: Record<string, { batchMs: number; oneByOneMs: number; cluemapInputsMs: number; runs: number; device: string }> = {};
  await withBenchPage(async (page) => {
    for (const device of options.devices ?? (['wasm', 'webgpu'] as const)) {
      log(`patch encoding with the tiny CLIP in a Chromium worker on ${device}`);
      browser[device] = await page.evaluate((request) => window.runEncoderBench(request), { device, width: 640, height: 480, runs });
    }
  });
  const ratio = (batch: number, one: number) => round(one / batch, 2);
  return {
    cluemap_arithmetic_ms: { median: round(arithmetic.median_ms, 4), runs: arithmetic.runs, cues: arithmetic.cues, patches: arithmetic.patches, target: 5 },
    patch_batch_ms: {
      node: round(node.batch_ms),
      ...Object.fromEntries(Object.entries(browser).map(([device, r]) => [`chromium_${device}`, round(r.batchMs)])),
    },
    patch_one_by_one_ms: {
      node: round(node.one_by_one_ms),
      ...Object.fromEntries(Object.entries(browser).map(([device, r]) => [`chromium_${device}`, round(r.oneByOneMs)])),
    },
    patch_one_by_one_over_batch: {
      node: ratio(node.batch_ms, node.one_by_one_ms),
      ...Object.fromEntries(Object.entries(browser).map(([device, r]) => [`chromium_${device}`, ratio(r.batchMs, r.oneByOneMs)])),
    },
    cluemap_inputs_ms: {
      ...Object.fromEntries(Object.entries(browser).map(([device, r]) => [`chromium_${device}`, round(r.cluemapInputsMs)])),
      note: 'encoders worker cluemapInputs: 10 patches + 30 cues through tiny CLIP and the tiny embedder, matrices included',
    },
    patch_bench: {
      model: 'tiny-clip (32 px, generated), 10 patches of a 640 x 480 RGBA image; medians',
      runs,
      devices: Object.fromEntries(Object.entries(browser).map(([device, r]) => [device, r.device])),
      note: 'browser one-by-one makes 10 worker calls (encodeBoxes with one box), each posting the image; WebGPU here is SwiftShader on the CPU',
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  cluemapFigures()
    .then((figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
      process.exit(1);
    });
}
