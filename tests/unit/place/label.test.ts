import { describe, expect, it } from 'vitest';
import { placeLabel } from '../../../src/core/place/label';
import type { PlaceName } from '../../../src/core/place/types';

const lyon = { name: 'Lyon', countryCode: 'FR', region: 'Auvergne-Rhône-Alpes', population: 472317 };

describe('placeLabel', () => {
  it('writes city, region, country for a point in a settlement', () => {
    const place: PlaceName = { country: 'France', countryCode: 'FR', region: 'Auvergne-Rhône-Alpes', city: { ...lyon, km: 2 } };
    expect(placeLabel(place)).toBe('Lyon, Auvergne-Rhône-Alpes, France');
  });

  it('does not repeat a region named like its city', () => {
    const place: PlaceName = { country: 'Japan', countryCode: 'JP', region: 'Tokyo', city: { name: 'Tokyo', countryCode: 'JP', region: 'Tokyo', population: 1, km: 3 } };
    expect(placeLabel(place)).toBe('Tokyo, Japan');
  });

  it('says how far the nearest settlement is away from one', () => {
    const place: PlaceName = { country: 'France', countryCode: 'FR', region: 'Auvergne-Rhône-Alpes', city: { ...lyon, km: 31.4 } };
    expect(placeLabel(place)).toBe('Auvergne-Rhône-Alpes, France, 31 km from Lyon');
  });

  it('names open water with the nearest settlement and its country', () => {
    const place: PlaceName = { country: null, countryCode: null, region: null, city: { name: 'Nukuʻalofa', countryCode: 'TO', region: 'Tongatapu', population: 22400, km: 340.2 } };
    expect(placeLabel(place)).toBe('Open water or unclaimed land, 340 km from Nukuʻalofa, Tonga');
    expect(placeLabel({ country: null, countryCode: null, region: null, city: null })).toBe('Open water or unclaimed land');
  });
});
