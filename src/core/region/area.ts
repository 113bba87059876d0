// An area the user chose on the map or the command line: a box of latitude and longitude, or a
// circle of a given radius. Pure geometry, shared by the CLI, the workers and the app.
import { EARTH_RADIUS_KM, haversineKm } from '../geo/haversine';

/**
 * A box from `south` to `north` and eastwards from `west` to `east`. When `west` is greater than
 * `east` the box crosses the antimeridian (170 to -170 is 20 degrees wide, not 340).
 */
export interface BoxArea {
  readonly kind: 'bbox';
  readonly south: number;
  readonly west: number;
  readonly north: number;
  readonly east: number;
}

/** Every point within `km` (great-circle, R = 6371) of the centre. */
export interface CircleArea {
  readonly kind: 'circle';
  readonly lat: number;
  readonly lon: number;
  readonly km: number;
}

export type Area = BoxArea | CircleArea;

export class AreaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AreaError';
  }
}

/** Longitude folded into [-180, 180) (180 itself stays 180, as users write it). */
export function wrapLon(lon: number): number {
  if (lon >= -180 && lon <= 180) return lon;
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

export function box(south: number, west: number, north: number, east: number): BoxArea {
  for (const [name, value] of [['south', south], ['west', west], ['north', north], ['east', east]] as const) {
    if (!Number.isFinite(value)) throw new AreaError(`The box's ${name} edge (${value}) is not a number.`);
  }
  if (south < -90 || north > 90) throw new AreaError(`A box's latitudes must lie in -90..90 (got ${south} to ${north}).`);
  if (south > north) throw new AreaError(`The box's south edge (${south}) is north of its north edge (${north}).`);
  if (Math.abs(west) > 180 || Math.abs(east) > 180) throw new AreaError(`A box's longitudes must lie in -180..180 (got ${west} to ${east}).`);
  return { kind: 'bbox', south, west, north, east };
}

export function circle(lat: number, lon: number, km: number): CircleArea {
  if (!(lat >= -90 && lat <= 90)) throw new AreaError(`The circle's centre latitude (${lat}) must lie in -90..90.`);
  if (!(lon >= -180 && lon <= 180)) throw new AreaError(`The circle's centre longitude (${lon}) must lie in -180..180.`);
  if (!(km > 0) || !Number.isFinite(km)) throw new AreaError(`The circle's radius must be a positive number of kilometres, not ${km}.`);
  return { kind: 'circle', lat, lon, km };
}

function numbers(text: string, count: number, what: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const values = parts.map(Number);
  if (parts.length !== count || parts.some((part) => part === '') || values.some((v) => !Number.isFinite(v))) {
    throw new AreaError(`${what} needs ${count} numbers separated by commas, not "${text}".`);
  }
  return values;
}

/** "S,W,N,E" in degrees, as `--bbox` takes it. */
export function parseBox(text: string): BoxArea {
  const [south, west, north, east] = numbers(text, 4, '--bbox');
  return box(south!, west!, north!, east!);
}

/** "LAT,LON,KM", as `--within` takes it. */
export function parseCircle(text: string): CircleArea {
  const [lat, lon, km] = numbers(text, 3, '--within');
  return circle(lat!, lon!, km!);
}

/** How many degrees of longitude the box spans eastwards from its west edge. */
export function boxWidth(area: BoxArea): number {
  if (area.west === -180 && area.east === 180) return 360;
  const width = area.east - area.west;
  return width >= 0 ? width : width + 360;
}

export function inArea(area: Area, lat: number, lon: number): boolean {
  if (area.kind === 'circle') return haversineKm(area, { lat, lon }) <= area.km;
  if (lat < area.south || lat > area.north) return false;
  const east = ((((lon - area.west) % 360) + 360) % 360);
  // A point on the west edge at -180 is the same meridian as 180.
  return east <= boxWidth(area) || (area.east === 180 && lon === -180) || (area.west === -180 && lon === 180);
}

/** One byte per interleaved [lat, lon] point: 1 inside the area. */
export function areaMask(latLon: Float32Array | Float64Array, area: Area): Uint8Array {
  const mask = new Uint8Array(latLon.length / 2);
  for (let row = 0; row < mask.length; row++) mask[row] = inArea(area, latLon[2 * row]!, latLon[2 * row + 1]!) ? 1 : 0;
  return mask;
}

/** The smallest box holding a circle; the full circle of longitude when it reaches a pole. */
export function boundsOf(area: Area): BoxArea {
  if (area.kind === 'bbox') return area;
  const dLat = (area.km / EARTH_RADIUS_KM) * (180 / Math.PI);
  const south = Math.max(-90, area.lat - dLat);
  const north = Math.min(90, area.lat + dLat);
  if (south === -90 || north === 90) return { kind: 'bbox', south, west: -180, north, east: 180 };
  // Widest longitude reach of a spherical cap: asin(sin r / cos lat).
  const ratio = Math.sin(area.km / EARTH_RADIUS_KM) / Math.cos((area.lat * Math.PI) / 180);
  if (ratio >= 1) return { kind: 'bbox', south, west: -180, north, east: 180 };
  const dLon = Math.asin(ratio) * (180 / Math.PI);
  return { kind: 'bbox', south, west: wrapLon(area.lon - dLon), north, east: wrapLon(area.lon + dLon) };
}

function degrees(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

export function areaLabel(area: Area): string {
  if (area.kind === 'circle') return `Within ${degrees(area.km)} km of ${degrees(area.lat)}, ${degrees(area.lon)}`;
  return `In the box ${degrees(area.south)} to ${degrees(area.north)} N, ${degrees(area.west)} to ${degrees(area.east)} E`;
}

/** A stable text for ids and cache keys. */
export function areaKey(area: Area): string {
  if (area.kind === 'circle') return `circle:${area.lat},${area.lon},${area.km}`;
  return `bbox:${area.south},${area.west},${area.north},${area.east}`;
}

/**
 * The smallest box holding every point: its longitudes are the circle of longitude less its
 * widest empty gap, so a country across the antimeridian (Fiji) gets a narrow box that crosses it.
 */
export function boxAround(points: readonly { readonly lat: number; readonly lon: number }[]): BoxArea {
  if (points.length === 0) throw new AreaError('No points to put a box around.');
  const lons = points.map((p) => p.lon).sort((a, b) => a - b);
  let gap = lons[0]! + 360 - lons[lons.length - 1]!; // the gap across the antimeridian
  let west = lons[0]!;
  let east = lons[lons.length - 1]!;
  for (let i = 1; i < lons.length; i++) {
    const between = lons[i]! - lons[i - 1]!;
    if (between > gap) [gap, west, east] = [between, lons[i]!, lons[i - 1]!];
  }
  const lats = points.map((p) => p.lat);
  return box(Math.min(...lats), wrapLon(west), Math.max(...lats), wrapLon(east));
}
