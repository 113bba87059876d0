import { describe, expect, it } from 'vitest';
import { GeoError } from '../../../src/core/geo/errors';
import {
  ACCURACY_THRESHOLDS,
  comparePredictions,
  distanceReward,
  geoScore,
  summariseErrors,
  type ImageLocation,
} from '../../../src/core/geo/metrics';

describe('geoScore', () => {
  it('is 5000 at 0 km and 5000/e at 1492.7 km', () => {
    expect(geoScore(0)).toBe(5000);
    expect(geoScore(1492.7)).toBeCloseTo(1839.397, 3);
    expect(geoScore(2 * 1492.7)).toBeCloseTo(5000 / Math.E ** 2, 9);
  });

  it('rejects negative and non-finite distances', () => {
    expect(() => geoScore(-1)).toThrow(GeoError);
    expect(() => geoScore(Number.NaN)).toThrow(/finite number/);
  });
});

describe('distanceReward', () => {
  it('follows the three linear pieces', () => {
    expect(distanceReward(0)).toBe(1);
    expect(distanceReward(375)).toBeCloseTo(0.75, 12);
    expect(distanceReward(750)).toBeCloseTo(0.5, 12);
    expect(distanceReward(1625)).toBeCloseTo(0.35, 12);
    expect(distanceReward(2500)).toBeCloseTo(0.2, 12);
    expect(distanceReward(11250)).toBeCloseTo(0.1, 12);
    expect(distanceReward(20000)).toBeCloseTo(0, 12);
  });

  it('never goes below zero', () => {
    expect(distanceReward(20015)).toBe(0);
    expect(distanceReward(40000)).toBe(0);
  });
});

describe('summariseErrors', () => {
  it('uses the five named thresholds', () => {
    expect(ACCURACY_THRESHOLDS.map((t) => `${t.name}:${t.km}`)).toEqual([
      'street:1',
      'city:25',
      'region:200',
      'country:750',
      'continent:2500',
    ]);
  });

  it('counts a distance equal to a threshold as within it', () => {
    const summary = summariseErrors([0.5, 1, 25, 100, 750, 1000, 3000, 10000]);
    expect(summary.count).toBe(8);
    expect(summary.accuracyPercent).toEqual({
      street: 25,
      city: 37.5,
      region: 50,
      country: 62.5,
      continent: 75,
    });
    // Sorted middle pair is 100 and 750.
    expect(summary.medianKm).toBe(425);
    expect(summary.geoScoreMedian).toBeCloseTo((geoScore(100) + geoScore(750)) / 2, 9);
  });

  it('takes the middle value for an odd count and averages GeoScores', () => {
    const summary = summariseErrors([2500, 0, 10]);
    expect(summary.medianKm).toBe(10);
    expect(summary.geoScoreMedian).toBeCloseTo(geoScore(10), 9);
    expect(summary.geoScoreMean).toBeCloseTo((5000 + geoScore(10) + geoScore(2500)) / 3, 9);
    expect(summary.accuracyPercent.street).toBeCloseTo(100 / 3, 12);
    expect(summary.accuracyPercent.continent).toBe(100);
  });

  it('reports an empty list as zero accuracy and no averages', () => {
    expect(summariseErrors([])).toEqual({
      count: 0,
      accuracyPercent: { street: 0, city: 0, region: 0, country: 0, continent: 0 },
      geoScoreMean: null,
      geoScoreMedian: null,
      medianKm: null,
    });
  });

  it('rejects an invalid distance', () => {
    expect(() => summariseErrors([1, -2])).toThrow(expect.objectContaining({ code: 'invalid-distance' }));
  });
});

describe('comparePredictions', () => {
  const truth: ImageLocation[] = [
    { id: 'a', lat: 0, lon: 0 },
    { id: 'b', lat: 0, lon: 1 },
    { id: 'c', lat: 10, lon: 10 },
  ];

  it('matches by id and counts missing and extra rows', () => {
    const predictions = new Map([
      ['b', { lat: 0, lon: 0 }],
      ['a', { lat: 0, lon: 0 }],
      ['z', { lat: 5, lon: 5 }],
    ]);
    const result = comparePredictions(predictions, truth);
    expect(result).toMatchObject({ matched: 2, missing: 1, extra: 1, count: 2 });
    expect(result.perImage.map((row) => row.id)).toEqual(['a', 'b']);
    expect(result.perImage[0]!.km).toBe(0);
    expect(result.perImage[1]!.km).toBeCloseTo(111.195, 3);
    expect(result.accuracyPercent).toEqual({ street: 50, city: 50, region: 100, country: 100, continent: 100 });
  });

  it('accepts prediction rows as well as a map', () => {
    const rows: ImageLocation[] = [{ id: 'c', lat: 10, lon: 10 }];
    expect(comparePredictions(rows, truth)).toMatchObject({ matched: 1, missing: 2, extra: 0, medianKm: 0 });
  });

  it('refuses an id listed twice', () => {
    const twice = [...truth, { id: 'a', lat: 1, lon: 1 }];
    expect(() => comparePredictions(new Map(), twice)).toThrow(expect.objectContaining({ code: 'duplicate-id' }));
  });
});
