import { describe, expect, it } from 'vitest';
import { AreaError, areaMask, boundsOf, box, boxAround, boxWidth, circle, inArea, parseBox, parseCircle } from '../../../src/core/region/area';
import { GRID_MAX_POINTS, gridCsv, gridSize, regionGrid } from '../../../src/core/region/grid';
import { haversineKm } from '../../../src/core/geo/haversine';
import { applyConstraints, areaConstraint, constraintsKey, countryConstraint, regionConstraint } from '../../../src/core/reason/constraints';
import { emptyRestriction } from '../../../src/core/region/restrict';
import { combineIndexes } from '../../../src/core/retrieve/combine';
import { buildIndexFromEmbeddings } from '../../../src/core/retrieve/build';
import { searchIndex } from '../../../src/core/retrieve/search';

function pairs(grid: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < grid.length; i += 2) out.push([grid[i]!, grid[i + 1]!]);
  return out;
}

describe('areas', () => {
  it('reads --bbox and --within and refuses bad ones', () => {
    expect(parseBox('36,-10,42,-6')).toEqual({ kind: 'bbox', south: 36, west: -10, north: 42, east: -6 });
    expect(parseCircle('38.7,-9.1,50')).toEqual({ kind: 'circle', lat: 38.7, lon: -9.1, km: 50 });
    expect(() => parseBox('36,-10,42')).toThrow(AreaError);
    expect(() => parseBox('42,-10,36,-6')).toThrow(/south edge/);
    expect(() => parseBox('36,-190,42,-6')).toThrow(AreaError);
    expect(() => parseCircle('38,-9,0')).toThrow(/positive/);
    expect(() => parseCircle('95,-9,10')).toThrow(AreaError);
  });

  it('a box across the antimeridian holds 179 and -179 but not 0', () => {
    const pacific = box(-20, 170, -10, -170);
    expect(boxWidth(pacific)).toBe(20);
    expect(inArea(pacific, -15, 179)).toBe(true);
    expect(inArea(pacific, -15, -179)).toBe(true);
    expect(inArea(pacific, -15, 180)).toBe(true);
    expect(inArea(pacific, -15, 0)).toBe(false);
    expect(inArea(pacific, -21, 179)).toBe(false);
  });

  it('the whole circle of longitude and the edges', () => {
    const world = box(-90, -180, 90, 180);
    expect(boxWidth(world)).toBe(360);
    expect(inArea(world, 90, 0)).toBe(true);
    expect(inArea(world, -90, -180)).toBe(true);
    expect(inArea(box(0, 0, 10, 10), 10, 10)).toBe(true);
  });

  it('a circle is a great-circle distance; its bounds reach over a pole', () => {
    const c = circle(0, 179.9, 100);
    expect(inArea(c, 0, -179.5)).toBe(true); // 67 km away across the antimeridian
    expect(inArea(c, 0, 179.05)).toBe(true);
    expect(inArea(c, 0, 178.95)).toBe(false);
    const polar = boundsOf(circle(89.5, 0, 200));
    expect(polar).toMatchObject({ north: 90, west: -180, east: 180 });
    const b = boundsOf(c);
    expect(b.west).toBeGreaterThan(178);
    expect(b.east).toBeLessThan(-178);
  });

  it('a box around points crossing the antimeridian is narrow', () => {
    const fiji = boxAround([{ lat: -16, lon: 177 }, { lat: -18, lon: -179.8 }, { lat: -17, lon: 179 }]);
    expect(fiji).toMatchObject({ south: -18, north: -16, west: 177, east: -179.8 });
    expect(boxWidth(fiji)).toBeCloseTo(3.2, 6);
  });

  it('areaMask marks interleaved points', () => {
    expect(Array.from(areaMask(Float32Array.of(0, 175, 0, -175, 0, 0), box(-1, 170, 1, -170)))).toEqual([1, 1, 0]);
  });
});

describe('grids', () => {
  it('spaces neighbours by the spacing on the ground', () => {
    const grid = pairs(regionGrid(box(40, -4, 41, -3), 10));
    const [first, second] = grid;
    expect(haversineKm({ lat: first![0], lon: first![1] }, { lat: second![0], lon: second![1] })).toBeCloseTo(10, 1);
    const rows = [...new Set(grid.map(([lat]) => lat))];
    expect(haversineKm({ lat: rows[0]!, lon: 0 }, { lat: rows[1]!, lon: 0 })).toBeCloseTo(10, 6);
    for (const [lat, lon] of grid) expect(inArea(box(40, -4, 41, -3), lat, lon)).toBe(true);
    expect(gridSize(box(40, -4, 41, -3), 10)).toBe(grid.length);
  });

  it('a box across the antimeridian gets points on both sides, all in range', () => {
    const grid = pairs(regionGrid(box(-1, 179, 1, -179), 25));
    expect(grid.some(([, lon]) => lon > 179)).toBe(true);
    expect(grid.some(([, lon]) => lon < -179)).toBe(true);
    for (const [, lon] of grid) expect(Math.abs(lon)).toBeLessThanOrEqual(180);
    expect(grid.every(([, lon]) => lon >= 179 || lon <= -179)).toBe(true);
  });

  it('rows near a pole are short and the pole is one point', () => {
    const grid = pairs(regionGrid(box(89.8, -180, 90, 180), 5));
    const perRow = new Map<number, number>();
    for (const [lat] of grid) perRow.set(lat, (perRow.get(lat) ?? 0) + 1);
    const counts = [...perRow.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
    expect(counts.at(-1)).toBeLessThan(counts[0]!);
    const pole = regionGrid(box(90, -180, 90, 180), 5);
    expect(Array.from(pole)).toEqual([90, 0]);
  });

  it('a circle grid keeps only points within the radius', () => {
    const c = circle(38.7, -9.1, 30);
    const grid = pairs(regionGrid(c, 5));
    expect(grid.length).toBeGreaterThan(80);
    for (const [lat, lon] of grid) expect(haversineKm(c, { lat, lon })).toBeLessThanOrEqual(30);
  });

  it('refuses a spacing outside 1..25 km and a grid too large', () => {
    expect(() => regionGrid(box(0, 0, 1, 1), 0.5)).toThrow(/1 to 25 km/);
    expect(() => regionGrid(box(0, 0, 1, 1), 30)).toThrow(/1 to 25 km/);
    expect(() => regionGrid(box(-60, -180, 60, 180), 1)).toThrow(new RegExp(GRID_MAX_POINTS.toLocaleString('en')));
    expect(() => regionGrid(box(0, 0, 1, 1), 5, () => false)).toThrow(/No grid point/);
  });

  it('writes a CSV with a LAT,LON header', () => {
    expect(gridCsv(Float64Array.of(1.5, -2.25))).toBe('LAT,LON\n1.50000,-2.25000\n');
  });
});

describe('region constraints on the allow-mask', () => {
  const points = Float32Array.of(38.7, -9.1, 40.4, -3.7, 48.9, 2.35, -15, 179.5);
  const countries = ['PT', 'ES', 'FR', 'FJ'];
  const regions = ['PT-14', 'ES-29', 'FR-11', 'FJ-W'];

  it('drops points outside a drawn box and counts them', () => {
    const mask = applyConstraints(points, [areaConstraint(box(35, -10, 45, 0))], (_p, row) => countries[row]!);
    expect(Array.from(mask.allowed)).toEqual([1, 1, 0, 0]);
    expect(mask.dropped.outsideArea).toBe(2);
    expect(mask.kept).toBe(2);
  });

  it('combines a box with chosen countries, and regions are alternatives', () => {
    const mask = applyConstraints(points, [areaConstraint(box(35, -10, 45, 0)), countryConstraint('require-country', 'ES')], (_p, row) => countries[row]!);
    expect(Array.from(mask.allowed)).toEqual([0, 1, 0, 0]);
    const byRegion = applyConstraints(points, [regionConstraint('FR', '11', 'Île-de-France'), regionConstraint('FJ', 'W', 'Western')], (_p, row) => countries[row]!, {
      regionOf: (_p, row) => regions[row]!,
    });
    expect(Array.from(byRegion.allowed)).toEqual([0, 0, 1, 1]);
    expect(byRegion.dropped.outsideRequiredRegions).toBe(2);
  });

  it('a region constraint without region data is reported as not applied', () => {
    const mask = applyConstraints(points, [regionConstraint('FR', '11', 'Île-de-France')], () => null);
    expect(mask.kept).toBe(4);
    expect(mask.notApplied.map((c) => c.kind)).toEqual(['require-region']);
  });

  it('an empty region is an error message, and cache keys tell areas apart', () => {
    const outside = [areaConstraint(box(0, 0, 1, 1))];
    expect(emptyRestriction(applyConstraints(points, outside, () => null), outside)).toMatch(/No place in the index lies in this region/);
    expect(constraintsKey([areaConstraint(box(0, 0, 1, 1))])).not.toBe(constraintsKey([areaConstraint(box(0, 0, 2, 2))]));
  });
});

describe('an extra grid searched with the main index', () => {
  const meta = { encoderId: 'e', encoderRevision: 'r', gallerySource: 'g', createdAt: '2026-01-01T00:00:00Z' };
  const main = buildIndexFromEmbeddings({ lat: Float32Array.of(0, 10), lon: Float32Array.of(0, 10) }, Float32Array.of(1, 0, 0, 0, 1, 0), 3, meta, 'int8');
  const extra = buildIndexFromEmbeddings({ lat: Float32Array.of(20), lon: Float32Array.of(20) }, Float32Array.of(0, 0, 1), 3, meta, 'int8');

  it('appends rows so one softmax covers both', () => {
    const combined = combineIndexes(main, [extra]);
    expect(combined.count).toBe(3);
    const found = searchIndex(combined, [0, 0, 1], 3);
    expect(found.most[0]).toMatchObject({ i: 2, lat: 20, lon: 20 });
    expect(found.most.reduce((sum, m) => sum + m.p, 0)).toBeCloseTo(1, 6);
  });

  it('converts to fp16 when the main index is fp16', () => {
    const fp16 = buildIndexFromEmbeddings({ lat: Float32Array.of(0), lon: Float32Array.of(0) }, Float32Array.of(1, 0, 0), 3, meta, 'fp16');
    const combined = combineIndexes(fp16, [extra]);
    expect(combined.embeddings.element).toBe('fp16');
    expect(searchIndex(combined, [0, 0, 1], 1).most[0]!.i).toBe(1);
  });
});
