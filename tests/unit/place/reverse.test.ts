import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/haversine';
import { placeLabel } from '../../../src/core/place/label';
import { createReverseGeocoder, type ReverseGeocoder } from '../../../src/core/place/reverse';
import type { Places } from '../../../workers/lib/places';
import { loadPlacesNode } from '../../../workers/node/places';
import { tablesOf } from './tables';

let places: Places;
beforeAll(async () => {
  places = await loadPlacesNode();
});
const at = (lat: number, lon: number) => places.geocoder.placeAt({ lat, lon });

describe('reverse geocoding with the bundled data', () => {
  it('names Paris', () => {
    const paris = at(48.8566, 2.3522);
    expect(paris).toMatchObject({ country: 'France', countryCode: 'FR', region: 'Île-de-France' });
    expect(paris.city).toMatchObject({ name: 'Paris', countryCode: 'FR', region: 'Île-de-France' });
    expect(paris.city!.population).toBeGreaterThan(2_000_000);
    expect(paris.city!.km).toBeLessThan(2);
    expect(placeLabel(paris)).toBe('Paris, Île-de-France, France');
  });

  it('names cities on several continents', () => {
    const cases: [number, number, string, string | null, string][] = [
      [51.5, -0.12, 'GB', 'England', 'London'],
      [-33.9249, 18.4241, 'ZA', 'Western Cape', 'Cape Town'],
      [21.3069, -157.8583, 'US', 'Hawaii', 'Honolulu'],
      [40.4168, -3.7038, 'ES', 'Madrid', 'Madrid'],
      [-23.55, -46.63, 'BR', 'São Paulo', 'São Paulo'],
      [18.4655, -66.1057, 'PR', 'San Juan', 'San Juan'],
    ];
    for (const [lat, lon, code, region, city] of cases) {
      const place = at(lat, lon);
      expect(place.countryCode, `${lat}, ${lon}`).toBe(code);
      if (region !== null) expect(place.region, `${lat}, ${lon}`).toBe(region);
      expect(place.city?.name, `${lat}, ${lon}`).toBe(city);
    }
  });

  it('counts a point within a big city\'s reach as that city, and suburbs as themselves', () => {
    // The Eiffel Tower is 4 km from Paris's point and 3.4 km from Neuilly-sur-Seine's.
    expect(at(48.8584, 2.2945).city?.name).toBe('Paris');
    expect(at(48.8846, 2.2697).city?.name).toBe('Neuilly-sur-Seine');
  });

  it('keeps the settlement in the country the point is in, at a border', () => {
    // Strasbourg and Kehl face each other across the Rhine.
    expect(at(48.58, 7.75)).toMatchObject({ countryCode: 'FR', region: 'Grand Est', city: { name: 'Strasbourg' } });
    expect(at(48.57, 7.82)).toMatchObject({ countryCode: 'DE', city: { name: 'Kehl', countryCode: 'DE' } });
  });

  it('gives no country in the open ocean, and the nearest settlement far away', () => {
    const atlantic = at(-40, -20);
    expect(atlantic.country).toBeNull();
    expect(atlantic.countryCode).toBeNull();
    expect(atlantic.region).toBeNull();
    expect(atlantic.city!.km).toBeGreaterThan(500);
    const pacific = at(0, -140);
    expect(pacific.country).toBeNull();
    expect(pacific.city!.km).toBeGreaterThan(500);
    expect(placeLabel(pacific)).toMatch(/^Open water or unclaimed land, \d+ km from .+, French Polynesia$/);
  });

  it('is continuous across the antimeridian', () => {
    for (const lon of [179.98, -179.97]) {
      const fiji = at(-16.8, lon);
      expect(fiji.countryCode).toBe('FJ');
      expect(fiji.city!.countryCode).toBe('FJ');
      expect(fiji.city!.km).toBeLessThan(150);
    }
    // Chukotka, on the western side of the line but in Russia.
    expect(at(65.9, -179.5)).toMatchObject({ countryCode: 'RU', region: 'Chukotka' });
  });

  it('handles the poles', () => {
    const north = at(90, 0);
    expect(north.country).toBeNull();
    expect(north.city!.km).toBeGreaterThan(1000);
    expect(north.city!.km).toBeLessThan(2000);
    // Every longitude is the same point at a pole.
    const elsewhere = at(90, 135).city!;
    expect(elsewhere.name).toBe(north.city!.name);
    expect(elsewhere.km).toBeCloseTo(north.city!.km, 6);
    const south = at(-90, 0);
    expect(south.countryCode).toBe('AQ');
    expect(south.city!.km).toBeGreaterThan(1000);
  });

  it('reports the great-circle distance the metrics use', () => {
    const point = { lat: 45.1, lon: 5.2 };
    const place = places.geocoder.placeAt(point);
    const hit = places.gazetteer.find({ city: place.city!.name, region: place.region, countryCode: place.countryCode });
    expect(place.city!.km).toBeCloseTo(haversineKm(point, hit!), 6);
  });
});

describe('reverse geocoding with hand-made data', () => {
  const tables = tablesOf([
    { name: 'Alpha', lat: 10, lon: 10, country: 'AA', region: 'North', population: 500 },
    { name: 'Beta', lat: 10, lon: 10.5, country: 'BB', region: 'East', population: 90000 },
    { name: 'Gamma', lat: 12, lon: 10, country: 'AA', region: 'South' },
  ]);
  let geocoder: ReverseGeocoder;
  beforeAll(() => {
    geocoder = createReverseGeocoder(tables, ({ lon }) => (lon < 10.3 ? 'AA' : lon < 20 ? 'BB' : lon < 30 ? 'CC' : null));
  });

  it('takes the region from the nearest settlement in the same country', () => {
    // Nearer to Beta, but inside AA: Alpha's region.
    const place = geocoder.placeAt({ lat: 10, lon: 10.29 });
    expect(place.countryCode).toBe('AA');
    expect(place.region).toBe('North');
    expect(place.city).toMatchObject({ name: 'Alpha', population: 500 });
  });

  it('falls back to the nearest settlement anywhere, without a region, for a country with none', () => {
    const place = geocoder.placeAt({ lat: 10, lon: 25 });
    expect(place.countryCode).toBe('CC');
    expect(place.region).toBeNull();
    expect(place.city).toMatchObject({ name: 'Beta', countryCode: 'BB' });
  });

  it('gives the region key the allow-mask compares, from the same settlement as the region name', () => {
    const point = { lat: 10, lon: 10.29 };
    const key = geocoder.regionKeyAt(point);
    const region = tables.regions.find((r) => r.name === geocoder.placeAt(point).region)!;
    expect(key).toBe(`AA-${region.code}`);
    expect(geocoder.regionKeyAt(point, 'AA')).toBe(key);
    expect(geocoder.regionKeyAt({ lat: 10, lon: 25 })).toBeNull(); // CC has no settlement
    expect(geocoder.regionKeyAt({ lat: 10, lon: 40 })).toBeNull(); // at sea
  });

  it('leaves the population null when the data has none', () => {
    expect(geocoder.nearestCity({ lat: 12, lon: 10 }, 'AA')).toMatchObject({ name: 'Gamma', population: null, km: 0 });
  });
});
