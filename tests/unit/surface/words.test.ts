import { describe, expect, it } from 'vitest';
import type { Confidence } from '../../../src/core/surface/describe';
import { confidenceSentence, countriesSentence, roundedKm, roundedPercent, thresholdsSentence } from '../../../src/core/surface/words';

const confidence: Confidence = {
  massWithin: [0.004, 0.2149, 0.5, 0.9, 0.9971],
  radius50Km: 12.4,
  radius90Km: 337,
  countries: [
    { name: 'PT', mass: 0.41, bounds: null },
    { name: 'BR', mass: 0.22, bounds: null },
    { name: 'ES', mass: 0.09, bounds: null },
    { name: 'FR', mass: 0.05, bounds: null },
  ],
  regions: [],
  regionCountry: 'PT',
  allowedRows: 100,
};

describe('the confidence in words', () => {
  it('rounds distances and shares the way a person says them', () => {
    expect(roundedKm(0.42)).toBe('0.4 km');
    expect(roundedKm(12.4)).toBe('12 km');
    expect(roundedKm(337)).toBe('340 km');
    expect(roundedKm(2345)).toBe('2,300 km');
    expect(roundedPercent(0.004)).toBe('< 1 %');
    expect(roundedPercent(0.9971)).toBe('> 99 %');
    expect(roundedPercent(0.2149)).toBe('21 %');
    expect(roundedPercent(0)).toBe('0 %');
  });

  it('says how sure and where else', () => {
    expect(confidenceSentence(confidence)).toBe("90 % of the model's belief lies within 340 km around the top gallery place; half of it within 12 km.");
    expect(countriesSentence(confidence)).toBe('Portugal 41 %, Brazil 22 %, Spain 9 %');
    expect(thresholdsSentence(confidence)).toBe('1 km (street) < 1 %, 25 km (city) 21 %, 200 km (region) 50 %, 750 km (country) 90 %, 2500 km (continent) > 99 %');
  });
});
