import { describe, expect, it } from 'vitest';
import {
  NEAR_COAST,
  applyConstraints,
  countryConstraint,
  mergeConstraints,
  parseConstraints,
  removeConstraint,
  type PlaceConstraint,
} from '../../../src/core/reason/constraints';
import type { LatLon } from '../../../src/core/geo/types';

function ids(message: string): string[] {
  return parseConstraints(message).map((constraint) => constraint.id);
}

describe('parseConstraints', () => {
  it.each([
    ['not France', ['exclude-country:FR']],
    ["It's not in the UK.", ['exclude-country:GB']],
    ['Definitely not in Germany!', ['exclude-country:DE']],
    ['It isn’t Spain or Portugal', ['exclude-country:ES', 'exclude-country:PT']],
    ['Neither Spain nor Portugal.', ['exclude-country:ES', 'exclude-country:PT']],
    ['France is ruled out', ['exclude-country:FR']],
    ['France and Belgium are wrong', ['exclude-country:FR', 'exclude-country:BE']],
    ['anywhere but the USA', ['exclude-country:US']],
    ['No, not the U.S. either', ['exclude-country:US']],
    ["We weren't in Spain", ['exclude-country:ES']],
    ['Outside of Italy', ['exclude-country:IT']],
    ['NOT FRANCE', ['exclude-country:FR']],
  ])('rules out: %j', (message, expected) => {
    expect(ids(message)).toEqual(expected);
  });

  it.each([
    ['in Norway', ['require-country:NO']],
    ['somewhere in Japan', ['require-country:JP']],
    ["It's Czech Republic", ['require-country:CZ']],
    ['This is Türkiye.', ['require-country:TR']],
    ['i took it in turkey', ['require-country:TR']],
    ['Ivory Coast', ['require-country:CI']],
    ['Norway or Sweden', ['require-country:NO', 'require-country:SE']],
    ['No, Sweden.', ['require-country:SE']],
    ['Nope, Chile', ['require-country:CL']],
    ['Wrong country: it is Peru', ['require-country:PE']],
  ])('places it in: %j', (message, expected) => {
    expect(ids(message)).toEqual(expected);
  });

  it.each([
    ["It's not France, it's Belgium", ['exclude-country:FR', 'require-country:BE']],
    ["It's in the UK, not Ireland", ['require-country:GB', 'exclude-country:IE']],
    ['Norway, not Sweden', ['exclude-country:SE', 'require-country:NO']],
    ['Not France but Belgium.', ['exclude-country:FR', 'require-country:BE']],
    ['France is wrong, it is in Switzerland', ['exclude-country:FR', 'require-country:CH']],
    ["No. It's somewhere in Chile, near the coast.", ['require-country:CL', 'near-coast']],
    ['Not France but probably Belgium', ['exclude-country:FR']],
  ])('mixed: %j', (message, expected) => {
    expect(ids(message)).toEqual(expected);
  });

  it.each([
    ['near the coast', ['near-coast']],
    ['It was taken by the sea', ['near-coast']],
    ['a coastal town', ['near-coast']],
    ['not near the coast', []],
    ["it's inland, far from the coast", []],
  ])('coast: %j', (message, expected) => {
    expect(ids(message)).toEqual(expected);
  });

  it.each([
    'Could it be in Italy?',
    'What about France?',
    'Maybe Spain',
    "I'm not sure, perhaps Portugal",
    'The signs look Dutch to me',
    'The house is like the ones in New Jersey',
    'Can you tell us more about the trees',
    'France has similar roofs',
  ])('hints and questions give nothing hard: %j', (message) => {
    expect(ids(message)).toEqual([]);
  });

  it('gives each constraint a readable label and an id derived from its meaning', () => {
    expect(parseConstraints("it's not in the UK. Somewhere in Japan, near a beach")).toEqual([
      { id: 'exclude-country:GB', kind: 'exclude-country', countryCode: 'GB', label: 'Not United Kingdom' },
      { id: 'require-country:JP', kind: 'require-country', countryCode: 'JP', label: 'In Japan' },
      { id: 'near-coast', kind: 'near-coast', label: 'Near a coast' },
    ]);
  });

  it('keeps the later of two contradictory statements in one message', () => {
    expect(ids('In France. Actually, not France.')).toEqual(['exclude-country:FR']);
  });
});

describe('keeping constraints', () => {
  const notFrance = countryConstraint('exclude-country', 'FR');
  const inFrance = countryConstraint('require-country', 'fr');
  const inNorway = countryConstraint('require-country', 'NO');

  it('rejects unknown country codes', () => {
    expect(() => countryConstraint('exclude-country', 'ZZ')).toThrow(RangeError);
  });

  it('merges without duplicates, the newer statement replacing a contradiction', () => {
    expect(mergeConstraints([notFrance, inNorway], [notFrance]).map((c) => c.id)).toEqual(['require-country:NO', 'exclude-country:FR']);
    expect(mergeConstraints([notFrance, inNorway], [inFrance]).map((c) => c.id)).toEqual(['require-country:NO', 'require-country:FR']);
  });

  it('undoes a constraint by id', () => {
    const merged = mergeConstraints([], [notFrance, inNorway, NEAR_COAST]);
    expect(removeConstraint(merged, 'require-country:NO').map((c) => c.id)).toEqual(['exclude-country:FR', 'near-coast']);
    expect(removeConstraint(merged, 'no-such-id')).toEqual(merged);
  });
});

describe('applyConstraints', () => {
  const points: LatLon[] = [
    { lat: 48.85, lon: 2.35 }, // Paris
    { lat: 59.91, lon: 10.75 }, // Oslo
    { lat: 60.39, lon: 5.32 }, // Bergen
    { lat: 0, lon: -30 }, // open sea
    { lat: 50.85, lon: 4.35 }, // Brussels
  ];
  const countries: (string | null)[] = ['FR', 'NO', 'no', null, 'BE'];
  const countryOf = (_point: LatLon, row: number) => countries[row] ?? null;
  const notFrance = countryConstraint('exclude-country', 'FR');
  const inNorway = countryConstraint('require-country', 'NO');

  it('allows everything without constraints and does not look countries up', () => {
    const result = applyConstraints(points, [], () => {
      throw new Error('not needed');
    });
    expect([...result.allowed]).toEqual([1, 1, 1, 1, 1]);
    expect(result.kept).toBe(5);
    expect(result.dropped.total).toBe(0);
  });

  it('drops excluded countries and keeps points in no country', () => {
    const result = applyConstraints(points, [notFrance], countryOf);
    expect([...result.allowed]).toEqual([0, 1, 1, 1, 1]);
    expect(result.dropped).toEqual({ total: 1, excludedCountry: 1, outsideRequiredCountries: 0, awayFromCoast: 0, outsideArea: 0, outsideRequiredRegions: 0 });
  });

  it('keeps only required countries (in any case), dropping unknown ones', () => {
    const result = applyConstraints(points, [inNorway, notFrance], countryOf);
    expect([...result.allowed]).toEqual([0, 1, 1, 0, 0]);
    expect(result.kept).toBe(2);
    expect(result.dropped).toEqual({ total: 3, excludedCountry: 1, outsideRequiredCountries: 2, awayFromCoast: 0, outsideArea: 0, outsideRequiredRegions: 0 });
  });

  it('reads interleaved lat/lon arrays such as the index coordinates', () => {
    const interleaved = new Float32Array(points.flatMap((p) => [p.lat, p.lon]));
    const seen: LatLon[] = [];
    const result = applyConstraints(interleaved, [notFrance], (point, row) => {
      seen.push(point);
      return countries[row] ?? null;
    });
    expect([...result.allowed]).toEqual([0, 1, 1, 1, 1]);
    expect(seen[1]!.lat).toBeCloseTo(59.91, 4);
    expect(() => applyConstraints(new Float32Array(3), [notFrance], countryOf)).toThrow(RangeError);
  });

  it('leaves near-coast to the caller unless a coast test is given', () => {
    const constraints: PlaceConstraint[] = [NEAR_COAST];
    const deferred = applyConstraints(points, constraints, countryOf);
    expect(deferred.kept).toBe(5);
    expect(deferred.notApplied).toEqual([NEAR_COAST]);

    const coastal = new Set([2, 3]);
    const applied = applyConstraints(points, constraints, countryOf, { isNearCoast: (_p, row) => coastal.has(row) });
    expect([...applied.allowed]).toEqual([0, 0, 1, 1, 0]);
    expect(applied.dropped.awayFromCoast).toBe(3);
    expect(applied.notApplied).toEqual([]);
  });
});
