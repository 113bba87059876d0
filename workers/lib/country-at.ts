// The country or territory at a point, from the border polygons bundled with country-coder
// (they reach into coastal waters). Its political choices are kept as it makes them.
import { iso1A2Code } from '@rapideditor/country-coder';
import type { CountryAt } from '../../src/core/place/reverse';

/** Territory codes (Puerto Rico is PR, not US), or the sovereign's when the data does not list the territory. */
export function countryCoderAt(known: ReadonlySet<string>): CountryAt {
  return ({ lat, lon }) => {
    const territory = iso1A2Code([lon, lat], { level: 'territory' });
    if (territory === null || known.has(territory)) return territory;
    return iso1A2Code([lon, lat], { level: 'country' }) ?? territory;
  };
}
