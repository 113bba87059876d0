import { basename } from 'node:path';
import { buildCluemap, type Cluemap } from '../../core/cluemap/build';
import { cluemapToJson, cluemapToText } from '../../core/cluemap/serialise';
import type { Matrix } from '../../core/cluemap/types';
import { checkPhoto } from '../../core/photo/dimensions';
import { decodeImage, findEncoder, loadEncoders } from '../../../workers/node/encoders';
import { cuesFromFile, cuesFromVlm } from '../cue-source';
import { readBytes } from '../files';
import { parseOptions, required } from '../main';
import { usageError } from '../fail';

function rowsOf(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, r) => Array.from({ length: m.cols }, (_, c) => round(m.values[r * m.cols + c]!)));
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

function scoreLines(cluemap: Cluemap): string {
  const header = '  cue  S_l      patch  S_s      S_r      text';
  const lines = cluemap.cues.map(
    (cue) =>
      `  ${String(cue.index).padStart(3)}  ${cue.localConsistency.toFixed(4).padStart(7)}  ${String(cue.bestPatch).padStart(5)}  ${cue.semanticCoherence.toFixed(4).padStart(7)}  ${cue.relationshipStrength.toFixed(4).padStart(7)}  ${cue.text}`,
  );
  return [header, ...lines].join('\n');
}

export async function cluemap(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      models: { type: 'string' },
      cues: { type: 'string' },
      clip: { type: 'string' },
      embedder: { type: 'string' },
      json: { type: 'boolean' },
      explain: { type: 'boolean' },
      vlm: { type: 'string' },
      tokens: { type: 'string' },
    },
    true,
  );
  if (positionals.length !== 1) throw usageError('give exactly one image');
  const image = positionals[0]!;
  const modelsDir = required(values.models, '--models');
  const bytes = readBytes(image, 'Image');
  checkPhoto(bytes, basename(image));
  const tokens = values.tokens === undefined ? undefined : Number(values.tokens);
  if (tokens !== undefined && (!Number.isInteger(tokens) || tokens < 16 || tokens > 4096)) throw usageError(`--tokens must be a whole number from 16 to 4096, not '${values.tokens}'`);
  const parsed = values.cues !== undefined ? cuesFromFile(values.cues) : await cuesFromVlm(image, modelsDir, values.vlm, tokens);
  for (const problem of parsed.problems) process.stderr.write(`whereabouts: note: ${problem}\n`);

  const encoders = await loadEncoders(findEncoder('clip', modelsDir, values.clip), findEncoder('embedder', modelsDir, values.embedder));
  const pixels = await decodeImage(bytes);
  const started = performance.now();
  const inputs = await encoders.cluemapInputs(pixels, parsed.cues);
  const encoded = performance.now();
  const map = buildCluemap(inputs.cues, inputs.cuePatch, inputs.cueCue);
  const built = performance.now();
  const testModels = encoders.info.clip.tiny || encoders.info.embedder.tiny;

  if (values.json) {
    const model = (info: typeof encoders.info.clip | typeof encoders.info.embedder) => ({ id: info.id, revision: info.revision, dim: info.dim, tiny: info.tiny });
    const explain = values.explain
      ? {
          patches: inputs.patches.patches.map(({ index, label, x, y, width, height }) => ({ index, label, x, y, width, height })),
          cuePatch: rowsOf(inputs.cuePatch),
          cueCue: rowsOf(inputs.cueCue),
        }
      : undefined;
    const result = {
      image,
      testModels,
      models: { clip: model(encoders.info.clip), embedder: model(encoders.info.embedder) },
      width: pixels.width,
      height: pixels.height,
      ...cluemapToJson(map),
      text: cluemapToText(map),
      problems: parsed.problems,
      ms: { encode: round(encoded - started), build: round(built - encoded) },
      ...(explain ? { explain } : {}),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  if (testModels) process.stdout.write('(test models: the scores are noise)\n');
  process.stdout.write(`${cluemapToText(map)}\n\n${scoreLines(map)}\n`);
  if (values.explain) {
    process.stdout.write('\npatches\n');
    for (const p of inputs.patches.patches) process.stdout.write(`  ${String(p.index).padStart(2)}  ${p.label.padEnd(13)} x=${p.x} y=${p.y} ${p.width}x${p.height}\n`);
    process.stdout.write(`\ncue x patch\n${rowsOf(inputs.cuePatch).map((r) => `  ${r.map((v) => v.toFixed(4).padStart(7)).join(' ')}`).join('\n')}\n`);
    process.stdout.write(`\ncue x cue\n${rowsOf(inputs.cueCue).map((r) => `  ${r.map((v) => v.toFixed(4).padStart(7)).join(' ')}`).join('\n')}\n`);
  }
  return 0;
}
