// A country's shape from the border polygons bundled with country-coder, cut the way the app names
// places (country-at.ts): a territory the place data lists on its own (French Guiana, Puerto Rico)
// is its own country, any other belongs to its sovereign. Its box is what a grid over it covers.
import { borders, feature as featureOf } from '@rapideditor/country-coder';
import type { BoxArea } from '../../src/core/region/area';
import { boundsOfPolygons, type Polygons } from '../../src/core/region/outline';

const byOwner = new Map<string, Map<string, Polygons>>();

function ownersFor(known: ReadonlySet<string> | null): Map<string, Polygons> {
  const key = known ? [...known].sort().join(',') : '*';
  let owners = byOwner.get(key);
  if (owners) return owners;
  owners = new Map();
  for (const feature of borders.features) {
    const geometry = feature.geometry as { type: string; coordinates: unknown } | null;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) continue;
    const territory = territoryOf(feature.properties);
    const country = feature.properties.country ?? feature.properties.iso1A2 ?? null;
    const owner = territory !== null && (known === null || known.has(territory)) ? territory : (country ?? territory);
    if (owner === null) continue;
    const polygons = owners.get(owner) ?? [];
    if (geometry.type === 'Polygon') polygons.push(geometry.coordinates as Polygons[number]);
    else polygons.push(...(geometry.coordinates as Polygons));
    owners.set(owner, polygons);
  }
  byOwner.set(key, owners);
  return owners;
}

interface Properties {
  readonly iso1A2?: string | undefined;
  readonly level: string;
  readonly country?: string | undefined;
  readonly groups: readonly string[];
}

const OWN_CODE_LEVELS = new Set(['territory', 'country']);

/** The code of the territory (or country) a border piece lies in, as country-coder's point lookup at the territory level gives it. */
function territoryOf(properties: Properties): string | null {
  if (OWN_CODE_LEVELS.has(properties.level) && properties.iso1A2) return properties.iso1A2;
  for (const group of properties.groups) {
    const parent = featureOf(group)?.properties;
    if (parent && OWN_CODE_LEVELS.has(parent.level) && parent.iso1A2) return parent.iso1A2;
  }
  return null;
}

/** The polygons `countryAt` names `code` in (given the codes the place data knows), or null. */
export function countryPolygons(code: string, known: ReadonlySet<string> | null = null): Polygons | null {
  return ownersFor(known).get(code.toUpperCase()) ?? null;
}

export function countryBox(code: string, known: ReadonlySet<string> | null = null): BoxArea | null {
  const polygons = countryPolygons(code, known);
  return polygons ? boundsOfPolygons(polygons) : null;
}
