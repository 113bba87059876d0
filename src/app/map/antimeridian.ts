// Natural Earth polygons are cut at the antimeridian: a ring that crosses it jumps from +180 to
// -180, which Leaflet (a flat map) would draw as a line across the whole world. These helpers
// make such rings continuous (longitudes may run past ±180), and send a ring that circles a pole
// (Antarctica) down to the pole so its fill reaches the map's edge.
import type { Geometry, Position } from 'geojson';

function fixRing(ring: Position[]): Position[] {
  if (ring.length < 2) return ring;
  let offset = 0;
  const unwrapped: Position[] = [ring[0]!];
  for (let i = 1; i < ring.length; i++) {
    const prev = ring[i - 1]!;
    const point = ring[i]!;
    const step = point[0]! - prev[0]!;
    if (step > 180) offset -= 360;
    else if (step < -180) offset += 360;
    unwrapped.push([point[0]! + offset, point[1]!]);
  }
  if (offset === 0) return unwrapped;

  // The ring goes once around a pole: keep its longitudes, and detour via the pole at the jump.
  const poleLat = ring.reduce((sum, p) => sum + p[1]!, 0) < 0 ? -90 : 90;
  const out: Position[] = [ring[0]!];
  for (let i = 1; i < ring.length; i++) {
    const prev = ring[i - 1]!;
    const point = ring[i]!;
    if (Math.abs(point[0]! - prev[0]!) > 180) out.push([prev[0]!, poleLat], [point[0]!, poleLat]);
    out.push(point);
  }
  return out;
}

/** Returns the geometry with antimeridian jumps removed from its polygon rings and lines. */
export function fixAntimeridian<G extends Geometry>(geometry: G): G {
  switch (geometry.type) {
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map(fixRing) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((poly) => poly.map(fixRing)) };
    case 'LineString':
      return { ...geometry, coordinates: fixRing(geometry.coordinates) };
    case 'MultiLineString':
      return { ...geometry, coordinates: geometry.coordinates.map(fixRing) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((g) => fixAntimeridian(g)) };
    default:
      return geometry;
  }
}
