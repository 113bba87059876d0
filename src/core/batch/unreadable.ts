// A batch photo whose pixels could not be read may still carry its own GPS: that position is what
// its row shows (and the single-photo view shows, session's #readUnreadable). It is the photo's
// own record, not a located answer: it never enters the accuracy panel or the exports.
import type { LatLon } from '../geo/types';
import type { PhotoMetadata } from '../photo/metadata';

export interface UnreadableGps {
  /** The usable GPS fix the file carries; null when its GPS tags give none. */
  readonly gps: LatLon | null;
  /** What the row says, in plain words. */
  readonly text: string;
}

/** Five decimals: about a metre, as the row shows it. */
function coordinate(value: number): string {
  return value.toFixed(5);
}

/** What the row of an unreadable photo says about its GPS; null when the file has no GPS tags at all. */
export function unreadableGps(metadata: Pick<PhotoMetadata, 'gps' | 'gpsUnusable'> | null): UnreadableGps | null {
  if (!metadata) return null;
  if (metadata.gps) {
    const gps = { lat: metadata.gps.lat, lon: metadata.gps.lon };
    return { gps, text: `The image itself could not be read; its GPS: ${coordinate(gps.lat)}, ${coordinate(gps.lon)} (the photo's own record, not a located answer).` };
  }
  if (metadata.gpsUnusable) return { gps: null, text: `The image itself could not be read, and its GPS tags give no usable fix (${metadata.gpsUnusable}).` };
  return null;
}
