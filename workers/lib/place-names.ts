// Country names for points, offline, from the bundled country-coder borders (loaded on first use).
import type { LatLon } from '../../src/core/geo/types';

let coder: Promise<typeof import('@rapideditor/country-coder')> | null = null;

export async function placeNames(points: LatLon[]): Promise<string[]> {
  coder ??= import('@rapideditor/country-coder');
  const { feature } = await coder;
  return points.map(({ lat, lon }) => {
    const found = feature([lon, lat], { level: 'territory' });
    return found?.properties.nameEn ?? 'Open water or unclaimed land';
  });
}
