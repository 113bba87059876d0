import { decodeIndex } from '../../core/retrieve/format';
import { searchIndex } from '../../core/retrieve/search';
import { parseRawFloat32 } from '../../core/retrieve/npy';
import { parseOptions, required } from '../main';
import { usageError } from '../fail';
import { readBytes } from '../files';
import { printMatches } from '../print';
import { confidenceOf } from '../surface';
import { confidenceJson, confidenceSentence, countriesSentence } from '../../core/surface';
import { REGION_OPTIONS, regionConstraints, regionMask } from '../region-flags';

export async function indexQuery(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    index: { type: 'string' },
    vector: { type: 'string' },
    k: { type: 'string', short: 'k' },
    json: { type: 'boolean' },
    ...REGION_OPTIONS,
  });
  const constraints = regionConstraints(values);
  const indexPath = required(values.index, '--index');
  const index = decodeIndex(readBytes(indexPath, 'Index file'));
  const k = Number(values.k ?? 15);
  if (!Number.isInteger(k) || k < 1) throw usageError(`-k must be a positive whole number, not '${values.k}'`);
  const vector = parseRawFloat32(readBytes(required(values.vector, '--vector'), 'Vector file'), index.dim).data;
  const mask = await regionMask(indexPath, index, constraints);
  const { softmax, ...found } = searchIndex(index, vector, k, { ...(mask ? { allowed: mask.allowed } : {}), keepSoftmax: true });
  const confidence = await confidenceOf(index, softmax!);
  const region = mask ? { constraints: constraints.map((c) => c.label), kept: mask.kept, total: index.count } : null;
  if (values.json) process.stdout.write(`${JSON.stringify({ ...found, confidence: confidenceJson(confidence), ...(region ? { region } : {}) })}\n`);
  else {
    if (region) process.stdout.write(`restricted to ${region.constraints.join('; ')}: ${region.kept} of ${region.total} places\n`);
    printMatches(found);
    process.stdout.write(`${confidenceSentence(confidence)}\nWhere else: ${countriesSentence(confidence)}\n`);
  }
  return 0;
}
