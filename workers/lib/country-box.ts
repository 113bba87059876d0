// The box around a country's borders (country-coder's polygons), for a grid over the country.
import { aggregateFeature } from '@rapideditor/country-coder';
import { boxAround, type BoxArea } from '../../src/core/region/area';

export function countryBox(code: string): BoxArea | null {
  const found = aggregateFeature(code);
  if (!found?.geometry) return null;
  const points: { lat: number; lon: number }[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') points.push({ lon: value[0] as number, lat: value[1] as number });
    else if (Array.isArray(value)) value.forEach(walk);
  };
  walk((found.geometry as { coordinates: unknown }).coordinates);
  return points.length > 0 ? boxAround(points) : null;
}
