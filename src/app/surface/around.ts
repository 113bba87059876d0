// The confidence around the answer actually shown: the retrieve worker measures the masses again
// around that point from the query's kept softmax (no new search), and the surface is recentred.
import type { Bridge, QueryResult, QuerySurface } from '../../bridge/types';
import type { LatLon } from '../../core/geo/types';
import { recentre, type CentreSource } from '../../core/surface';

/**
 * The query's surface measured around `point`; the top gallery place's surface unchanged when
 * there is no other point, or when the worker no longer holds this query's softmax.
 */
export async function surfaceAround(
  bridge: Pick<Bridge, 'confidenceAround'>,
  found: Pick<QueryResult, 'surface' | 'queryId'>,
  point: LatLon | null,
  source: CentreSource,
): Promise<QuerySurface | null> {
  const surface = found.surface;
  if (!surface || !point) return surface;
  if (surface.answer.lat === point.lat && surface.answer.lon === point.lon && source === 'top') return surface;
  const masses = await bridge.confidenceAround(found.queryId, point).catch(() => null);
  return masses ? recentre(surface, masses, { lat: point.lat, lon: point.lon, source }) : surface;
}
