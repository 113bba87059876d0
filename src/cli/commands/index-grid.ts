// A grid of coordinates inside a region, written as a CSV that `index build --coords` encodes.
import { writeFileSync } from 'node:fs';
import { AreaError, parseBox, parseCircle, type Area } from '../../core/region/area';
import { gridCsv, placeGrid, regionGrid } from '../../core/region/grid';
import { placeRegions } from '../../../workers/lib/place-region';
import { loadPlacesNode } from '../../../workers/node/places';
import { parseOptions, required } from '../main';
import { CliError, usageError } from '../fail';
import { REGION_OPTIONS, countryCodesOf } from '../region-flags';

export async function indexGrid(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    ...REGION_OPTIONS,
    'spacing-km': { type: 'string' },
    out: { type: 'string' },
  });
  const out = required(values.out, '--out');
  const spacing = Number(required(values['spacing-km'], '--spacing-km'));
  const given = [values.bbox, values.within, values.country].filter((v) => v !== undefined).length;
  if (given !== 1) throw usageError('give exactly one of --bbox, --within or --country');
  let grid: Float64Array;
  try {
    if (values.country !== undefined) {
      const places = await loadPlacesNode();
      const parts = countryCodesOf(values.country).flatMap((code) => {
        const found = placeRegions(places, { countryCode: code, regionCode: null });
        if (found.length === 0) throw new CliError(`No borders are known for the country ${code}.`);
        return found;
      });
      grid = placeGrid(parts, spacing);
    } else {
      const area: Area = values.bbox !== undefined ? parseBox(values.bbox) : parseCircle(values.within!);
      grid = regionGrid(area, spacing);
    }
  } catch (error) {
    if (error instanceof AreaError) throw usageError(error.message);
    throw error;
  }
  writeFileSync(out, gridCsv(grid));
  process.stderr.write(`${grid.length / 2} points at ${spacing} km written to ${out}\n`);
  return 0;
}
