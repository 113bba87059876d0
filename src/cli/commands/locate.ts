import { createLocator } from '../locator';
import { parseOptions, required } from '../main';
import { oneLine, usageError } from '../fail';

export async function locate(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { models: { type: 'string' }, index: { type: 'string' }, k: { type: 'string', short: 'k' }, json: { type: 'boolean' } },
    true,
  );
  if (positionals.length === 0) throw usageError('give at least one image');
  const k = Number(values.k ?? 15);
  if (!Number.isInteger(k) || k < 1) throw usageError(`-k must be a positive whole number, not '${values.k}'`);
  const locator = await createLocator(required(values.models, '--models'), required(values.index, '--index'), k);
  let failures = 0;
  for (const image of positionals) {
    try {
      const found = await locator.locate(image);
      if (values.json) {
        process.stdout.write(`${JSON.stringify(found)}\n`);
      } else {
        const note = found.testModel ? '  (test model: noise, not a location)' : '';
        process.stdout.write(`${image}: ${found.top.lat.toFixed(4)}, ${found.top.lon.toFixed(4)}  ${found.top.place}  p=${found.top.p.toFixed(4)}${note}\n`);
      }
    } catch (error) {
      failures++;
      if (values.json) process.stdout.write(`${JSON.stringify({ image, error: oneLine(error) })}\n`);
      process.stderr.write(`whereabouts: ${oneLine(error)}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}
