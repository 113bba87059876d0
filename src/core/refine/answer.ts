// Which point is the fast answer: the refined point when refinement found one (it is then more
// similar to the photo than every gallery start), else the top gallery place. The app's batch and
// the CLI's `locate`/`eval --refine` both choose with this, and measure the confidence around it.
import type { LatLon } from '../geo/types';
import type { CentreSource } from '../surface/surface';
import type { RefineOutcome } from './refine';

export interface FastAnswer extends LatLon {
  /** 'refined': a point between gallery places; 'retrieval': the top gallery place. */
  readonly source: 'refined' | 'retrieval';
  /** The point the confidence is measured around, named as the surface names it. */
  readonly centre: CentreSource;
}

/** The answer point; null when the search found no place at all. */
export function fastAnswer(top: LatLon | undefined, refinement: Pick<RefineOutcome, 'refined'> | null): FastAnswer | null {
  const refined = refinement?.refined ?? null;
  if (refined) return { lat: refined.lat, lon: refined.lon, source: 'refined', centre: 'refined' };
  return top ? { lat: top.lat, lon: top.lon, source: 'retrieval', centre: 'top' } : null;
}
