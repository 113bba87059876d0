import { basename } from 'node:path';
import { parseShard, selectShard, ShardError } from '../../core/batch/shard';
import { createLocator } from '../locator';
import { DEFAULT_MAX_NEW_TOKENS, createFullLocator } from '../full';
import { parseOptions, required } from '../main';
import { oneLine, usageError } from '../fail';
import { REGION_OPTIONS, regionConstraints } from '../region-flags';
import type { PlaceConstraint } from '../../core/reason/constraints';

export async function locate(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      models: { type: 'string' },
      index: { type: 'string' },
      k: { type: 'string', short: 'k' },
      json: { type: 'boolean' },
      mode: { type: 'string' },
      vlm: { type: 'string' },
      tokens: { type: 'string' },
      shard: { type: 'string' },
      refine: { type: 'boolean' },
      ...REGION_OPTIONS,
    },
    true,
  );
  const constraints = regionConstraints(values);
  if (positionals.length === 0) throw usageError('give at least one image');
  const images = values.shard === undefined ? positionals : imagesOfShard(positionals, values.shard);
  const k = Number(values.k ?? 15);
  if (!Number.isInteger(k) || k < 1) throw usageError(`-k must be a positive whole number, not '${values.k}'`);
  const mode = values.mode ?? 'fast';
  if (mode !== 'fast' && mode !== 'full') throw usageError(`--mode must be fast or full, not '${mode}'`);
  const models = required(values.models, '--models');
  const indexPath = required(values.index, '--index');
  const refine = values.refine === true;
  if (mode === 'full') return locateAllFull(images, { models, index: indexPath, k, vlm: values.vlm, tokens: values.tokens, json: values.json === true, refine, constraints });
  const locator = await createLocator(models, indexPath, k, { refine, constraints });
  let failures = 0;
  for (const image of images) {
    try {
      const found = await locator.locate(image);
      if (values.json) {
        process.stdout.write(`${JSON.stringify(found)}\n`);
      } else {
        const note = found.testModel ? '  (test model: noise, not a location)' : '';
        process.stdout.write(`${image}: ${found.top.lat.toFixed(4)}, ${found.top.lon.toFixed(4)}  ${found.top.place}  p=${found.top.p.toFixed(4)}${note}\n`);
        const refined = found.refine?.refined;
        if (refined) {
          const start = found.refine!.gallery_start!;
          process.stdout.write(`  refined: ${refined.lat.toFixed(4)}, ${refined.lon.toFixed(4)}  ${refined.place}  similarity ${refined.similarity.toFixed(4)} (gallery's best ${start.similarity.toFixed(4)}), ${found.refine!.points} points\n`);
        } else if (found.refine) {
          process.stdout.write(`  refined: no point more similar than the gallery's best (${found.refine.points} points scored)\n`);
        }
      }
    } catch (error) {
      failures++;
      if (values.json) process.stdout.write(`${JSON.stringify({ image, error: oneLine(error) })}\n`);
      process.stderr.write(`whereabouts: ${oneLine(error)}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}

async function locateAllFull(
  images: string[],
  options: { models: string; index: string; k: number; vlm: string | undefined; tokens: string | undefined; json: boolean; refine: boolean; constraints: readonly PlaceConstraint[] },
): Promise<number> {
  const maxNewTokens = Number(options.tokens ?? DEFAULT_MAX_NEW_TOKENS);
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 16 || maxNewTokens > 4096) throw usageError(`--tokens must be a whole number from 16 to 4096, not '${options.tokens}'`);
  const locator = await createFullLocator({ models: options.models, index: options.index, k: options.k, maxNewTokens, refine: options.refine, constraints: options.constraints, ...(options.vlm ? { vlm: options.vlm } : {}) });
  let failures = 0;
  for (const image of images) {
    try {
      const found = await locator.locate(image);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(found)}\n`);
      } else {
        const note = found.testModels ? '  (test models: noise, not a location)' : '';
        const final = found.final ? `${found.final.lat.toFixed(4)}, ${found.final.lon.toFixed(4)}  ${found.final.place}  (${found.final.label})` : 'no candidate has a location';
        process.stdout.write(`${image}: ${final}${note}\n`);
      }
    } catch (error) {
      failures++;
      if (options.json) process.stdout.write(`${JSON.stringify({ image, error: oneLine(error) })}\n`);
      process.stderr.write(`whereabouts: ${oneLine(error)}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}

/** The images of one shard, split by file name (not the path, which differs between machines). */
function imagesOfShard(images: string[], text: string): string[] {
  try {
    const shard = parseShard(text);
    const mine = selectShard(images, shard, (path) => basename(path));
    process.stderr.write(`shard ${shard.index}/${shard.count}: ${mine.length} of ${images.length} images\n`);
    return mine;
  } catch (error) {
    if (error instanceof ShardError) throw usageError(error.message);
    throw error;
  }
}
