import { decodeIndex } from '../../core/retrieve/format';
import { searchIndex } from '../../core/retrieve/search';
import { parseRawFloat32 } from '../../core/retrieve/npy';
import { parseOptions, required } from '../main';
import { usageError } from '../fail';
import { readBytes } from '../files';
import { printMatches } from '../print';
import { confidenceOf } from '../surface';
import { confidenceJson, confidenceSentence, countriesSentence } from '../../core/surface';

export async function indexQuery(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    index: { type: 'string' },
    vector: { type: 'string' },
    k: { type: 'string', short: 'k' },
    json: { type: 'boolean' },
  });
  const index = decodeIndex(readBytes(required(values.index, '--index'), 'Index file'));
  const k = Number(values.k ?? 15);
  if (!Number.isInteger(k) || k < 1) throw usageError(`-k must be a positive whole number, not '${values.k}'`);
  const vector = parseRawFloat32(readBytes(required(values.vector, '--vector'), 'Vector file'), index.dim).data;
  const { softmax, ...result } = searchIndex(index, vector, k, { keepSoftmax: true });
  const confidence = await confidenceOf(index, softmax!);
  if (values.json) process.stdout.write(`${JSON.stringify({ ...result, confidence: confidenceJson(confidence) })}\n`);
  else {
    printMatches(result);
    process.stdout.write(`${confidenceSentence(confidence)}\nWhere else: ${countriesSentence(confidence)}\n`);
  }
  return 0;
}
