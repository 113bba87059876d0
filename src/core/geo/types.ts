/** A point on Earth in decimal degrees (WGS84). Latitude in [-90, 90], longitude in [-180, 180]. */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** Great-circle distance in kilometres. */
export type Km = number;
