import { beforeAll, describe, expect, it } from 'vitest';
import { adminAccuracy, placePairs } from '../../../src/core/place/admin-accuracy';
import type { PlaceName } from '../../../src/core/place/types';
import { loadPlacesNode } from '../../../workers/node/places';
import type { Places } from '../../../workers/lib/places';

function at(countryCode: string | null, region: string | null, city: string | null): PlaceName {
  return {
    country: countryCode,
    countryCode,
    region,
    city: city === null ? null : { name: city, countryCode: countryCode ?? 'XX', region, population: null, km: 1 },
  };
}

describe('adminAccuracy with hand-made rows', () => {
  it('counts country, region and city matches', () => {
    const score = adminAccuracy([
      { predicted: at('FR', 'Île-de-France', 'Paris'), truth: at('FR', 'Île-de-France', 'Paris') },
      { predicted: at('FR', 'Île-de-France', 'Versailles'), truth: at('FR', 'Île-de-France', 'Paris') },
      { predicted: at('FR', 'Grand Est', 'Strasbourg'), truth: at('DE', 'Baden-Wurttemberg', 'Kehl') },
      { predicted: at('US', 'Georgia', 'Atlanta'), truth: at('GE', 'Tbilisi', 'Tbilisi') },
    ]);
    expect(score.rows).toBe(4);
    expect(score.country).toEqual({ correct: 2, counted: 4, percent: 50 });
    expect(score.region).toEqual({ correct: 2, counted: 4, percent: 50 });
    expect(score.city).toEqual({ correct: 1, counted: 4, percent: 25 });
  });

  it('counts a region only when both sides have one, and a country only when the truth has one', () => {
    const score = adminAccuracy([
      { predicted: at('AQ', null, 'McMurdo Station'), truth: at('AQ', null, 'McMurdo Station') },
      { predicted: at('FR', 'Bretagne', null), truth: at(null, null, null) },
      { predicted: at(null, null, null), truth: at('NO', 'Oslo', 'Oslo') },
    ]);
    expect(score.country).toEqual({ correct: 1, counted: 2, percent: 50 });
    // Oslo has a region, the prediction at sea none; Bretagne's truth has none.
    expect(score.region).toEqual({ correct: 0, counted: 0, percent: null });
    expect(score.city).toEqual({ correct: 1, counted: 1, percent: 100 });
  });

  it('does not count a region of the same name in another country as right', () => {
    const score = adminAccuracy([{ predicted: at('US', 'Limburg', 'A'), truth: at('NL', 'Limburg', 'B') }]);
    expect(score.region).toEqual({ correct: 0, counted: 1, percent: 0 });
  });

  it('is empty for no rows', () => {
    expect(adminAccuracy([])).toEqual({
      rows: 0,
      country: { correct: 0, counted: 0, percent: null },
      region: { correct: 0, counted: 0, percent: null },
      city: { correct: 0, counted: 0, percent: null },
    });
  });
});

describe('placePairs with the bundled data', () => {
  let places: Places;
  beforeAll(async () => {
    places = await loadPlacesNode();
  });

  it('reverse-geocodes matched rows and skips missing predictions', () => {
    const truth = [
      { id: 'eiffel', lat: 48.8584, lon: 2.2945 },
      { id: 'louvre', lat: 48.8606, lon: 2.3376 },
      { id: 'lyon', lat: 45.764, lon: 4.8357 },
      { id: 'gone', lat: 10, lon: 10 },
    ];
    const predictions = new Map([
      ['eiffel', { lat: 48.853, lon: 2.349 }], // central Paris; the tower is nearer Neuilly's point but within Paris's reach
      ['louvre', { lat: 45.19, lon: 5.72 }], // Grenoble: same country and region as Lyon, not as Paris
      ['lyon', { lat: 45.19, lon: 5.72 }], // Grenoble again: same region, other city
    ]);
    const pairs = placePairs(predictions, truth, (p) => places.geocoder.placeAt(p));
    expect(pairs).toHaveLength(3);
    const score = adminAccuracy(pairs);
    expect(score.country.percent).toBe(100);
    expect(score.region).toMatchObject({ correct: 2, counted: 3 });
    expect(score.city).toMatchObject({ correct: 1, counted: 3 });
  });
});
