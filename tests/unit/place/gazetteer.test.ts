import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/haversine';
import { CITY_ALIASES } from '../../../src/core/place/aliases';
import { createGazetteer, type Gazetteer, type GazetteerQuery } from '../../../src/core/place/gazetteer';
import { bareKey, nameKey } from '../../../src/core/place/name-key';
import type { Places } from '../../../workers/lib/places';
import { loadPlacesNode } from '../../../workers/node/places';
import { tablesOf } from './tables';

let places: Places;
beforeAll(async () => {
  places = await loadPlacesNode();
});
const find = (query: GazetteerQuery) => places.gazetteer.find(query);

describe('name keys', () => {
  it('fold case, accents, punctuation and common abbreviations', () => {
    expect(nameKey('SÃO PAULO')).toBe('sao paulo');
    expect(nameKey('são-paulo')).toBe('sao paulo');
    expect(nameKey('St. Petersburg')).toBe('saint petersburg');
    expect(nameKey("Xi’an")).toBe('xian');
    expect(nameKey('Łódź')).toBe('lodz');
    expect(nameKey('Mt. Fuji')).toBe('mount fuji');
    expect(nameKey('Bosnia & Herzegovina')).toBe('bosnia and herzegovina');
  });

  it('drop words that only say what kind of place it is', () => {
    expect(bareKey(nameKey('City of Sydney'))).toBe('sydney');
    expect(bareKey(nameKey('Quebec City'))).toBe('quebec');
    expect(bareKey(nameKey('Aichi Prefecture'))).toBe('aichi');
    expect(bareKey(nameKey('State of Berlin'))).toBe('berlin');
    expect(bareKey('city')).toBe('city');
  });
});

describe('gazetteer with the bundled data', () => {
  it('prefers the most populous city of a name', () => {
    expect(find({ city: 'Paris' })).toMatchObject({ level: 'city', name: 'Paris', countryCode: 'FR', region: 'Île-de-France' });
    expect(find({ city: 'Rome' })).toMatchObject({ countryCode: 'IT' });
    expect(find({ city: 'Moscow' })).toMatchObject({ countryCode: 'RU' });
    const paris = find({ city: 'paris' })!;
    expect(haversineKm(paris, { lat: 48.8566, lon: 2.3522 })).toBeLessThan(5);
  });

  it('narrows by country and by region', () => {
    expect(find({ city: 'Paris', country: 'United States' })).toMatchObject({ countryCode: 'US', region: 'Texas' });
    expect(find({ city: 'Paris', region: 'Tennessee', country: 'USA' })).toMatchObject({ countryCode: 'US', region: 'Tennessee' });
    expect(find({ city: 'Paris', region: 'KY', countryCode: 'US' })).toMatchObject({ region: 'Kentucky' });
    expect(find({ city: 'London', country: 'Canada' })).toMatchObject({ countryCode: 'CA', region: 'Ontario' });
    expect(find({ city: 'Valencia', country: 'Venezuela' })).toMatchObject({ countryCode: 'VE' });
    expect(find({ city: 'Valencia', country: 'Spain' })).toMatchObject({ countryCode: 'ES' });
    expect(find({ city: 'Córdoba', country: 'Argentina' })).toMatchObject({ countryCode: 'AR' });
  });

  it('keeps a city in the country it was asked for even when another region was given', () => {
    // The region is wrong (Springfield, Illinois is meant), the country right: the country wins.
    expect(find({ city: 'Springfield', region: 'Atlantis', country: 'United States' })).toMatchObject({ countryCode: 'US', level: 'city' });
  });

  it('is tolerant of case, accents, "City of" and "... City"', () => {
    expect(find({ city: 'SAO PAULO' })).toMatchObject({ name: 'São Paulo', countryCode: 'BR' });
    expect(find({ city: 'Bogota' })).toMatchObject({ name: 'Bogotá' });
    expect(find({ city: 'zurich' })).toMatchObject({ name: 'Zürich', countryCode: 'CH' });
    expect(find({ city: 'City of London' })).toMatchObject({ name: 'London', countryCode: 'GB' });
    expect(find({ city: 'Quebec City' })).toMatchObject({ name: 'Québec', countryCode: 'CA' });
    expect(find({ city: 'New York' })).toMatchObject({ name: 'New York City', countryCode: 'US' });
    expect(find({ city: 'Mexico City' })).toMatchObject({ name: 'Mexico City', countryCode: 'MX' });
    expect(find({ city: 'St. Petersburg', country: 'Russia' })).toMatchObject({ name: 'Saint Petersburg' });
    expect(find({ city: 'Ho Chi Minh City' })).toMatchObject({ countryCode: 'VN' });
  });

  it('knows common other names of cities', () => {
    expect(find({ city: 'Cologne' })).toMatchObject({ name: 'Köln', countryCode: 'DE' });
    expect(find({ city: 'Munich' })).toMatchObject({ countryCode: 'DE' });
    expect(find({ city: 'München' })).toMatchObject({ name: 'Munich' });
    expect(find({ city: 'Firenze' })).toMatchObject({ name: 'Florence', countryCode: 'IT' });
    expect(find({ city: 'Geneva' })).toMatchObject({ name: 'Genève', countryCode: 'CH' });
    expect(find({ city: 'Bombay' })).toMatchObject({ name: 'Mumbai' });
    expect(find({ city: 'Washington' })).toMatchObject({ name: 'Washington, D.C.', countryCode: 'US' });
  });

  it('resolves every alias in the table to a place in the data', () => {
    const tables = places.geocoder.places;
    const missing = CITY_ALIASES.filter(
      ({ countryCode, name }) => !tables.names.some((n, id) => n === name && tables.countries[tables.country[id]!] === countryCode),
    );
    expect(missing).toEqual([]);
  });

  it('reads "district, city" and bracketed asides', () => {
    expect(find({ city: 'Shibuya, Tokyo', country: 'Japan' })).toMatchObject({ level: 'city', name: 'Tokyo' });
    expect(find({ city: 'Kyoto (Higashiyama district)' })).toMatchObject({ name: 'Kyoto', countryCode: 'JP' });
    expect(find({ city: 'Paris, Texas' })).toMatchObject({ countryCode: 'US', region: 'Texas' });
  });

  it('falls back to the region, then the country, when the city is unknown', () => {
    const bavaria = find({ city: 'Nowhere-im-Wald', region: 'Bavaria', country: 'Germany' })!;
    expect(bavaria).toMatchObject({ level: 'region', name: 'Bavaria', countryCode: 'DE', region: 'Bavaria' });
    expect(places.geocoder.placeAt(bavaria).region).toBe('Bavaria');
    const chile = find({ city: 'Nowhereville', country: 'Chile' })!;
    expect(chile).toMatchObject({ level: 'country', name: 'Chile', countryCode: 'CL' });
    expect(places.geocoder.placeAt(chile).countryCode).toBe('CL');
  });

  it('finds regions by name, with or without the country, and by code', () => {
    expect(find({ region: 'California' })).toMatchObject({ level: 'region', name: 'California', countryCode: 'US' });
    expect(find({ region: 'CA', country: 'US' })).toMatchObject({ name: 'California' });
    expect(find({ region: 'Ile de France' })).toMatchObject({ name: 'Île-de-France' });
    expect(find({ region: 'Aichi Prefecture', country: 'Japan' })).toMatchObject({ name: 'Aichi', countryCode: 'JP' });
    expect(find({ region: 'Georgia', country: 'United States' })).toMatchObject({ name: 'Georgia', countryCode: 'US' });
    expect(find({ region: 'Scotland' })).toMatchObject({ countryCode: 'GB' });
  });

  it('stands a region or country at a point inside it', () => {
    for (const query of [{ country: 'France' }, { country: 'Chile' }, { country: 'United States' }, { country: 'Fiji' }, { country: 'Russia' }, { region: 'Hawaii' }, { region: 'Tuscany' }]) {
      const hit = find(query)!;
      const place = places.geocoder.placeAt(hit);
      expect(place.countryCode, JSON.stringify(query)).toBe(hit.countryCode);
      if (query.region) expect(place.region).toBe(hit.name);
    }
  });

  it('reads country names, aliases and codes', () => {
    expect(find({ country: 'Czech Republic' })).toMatchObject({ level: 'country', countryCode: 'CZ' });
    expect(find({ country: 'UK' })).toMatchObject({ countryCode: 'GB' });
    expect(find({ countryCode: 'br' })).toMatchObject({ countryCode: 'BR', name: 'Brazil' });
    expect(find({ country: 'Ivory Coast' })).toMatchObject({ countryCode: 'CI' });
  });

  it('returns null for what it does not know', () => {
    expect(find({})).toBeNull();
    expect(find({ city: 'Xyzzyville' })).toBeNull();
    expect(find({ city: '   ', region: '', country: null })).toBeNull();
    expect(find({ country: 'Narnia' })).toBeNull();
  });
});

describe('gazetteer with hand-made data', () => {
  let gazetteer: Gazetteer;
  beforeAll(() => {
    gazetteer = createGazetteer(
      tablesOf([
        { name: 'Springfield', lat: 39.8, lon: -89.6, country: 'US', region: 'Illinois', population: 116_000 },
        { name: 'Springfield', lat: 37.2, lon: -93.3, country: 'US', region: 'Missouri', population: 167_000 },
        { name: 'Capitol', lat: 1, lon: 1, country: 'ZZ', region: 'Only', rank: 0 },
        { name: 'Capitol', lat: 2, lon: 2, country: 'ZZ', region: 'Only', rank: 5 },
      ]),
    );
  });

  it('prefers population, then administrative rank', () => {
    expect(gazetteer.find({ city: 'Springfield' })).toMatchObject({ region: 'Missouri', population: 167_000 });
    expect(gazetteer.find({ city: 'Springfield', region: 'Illinois' })).toMatchObject({ region: 'Illinois' });
    expect(gazetteer.find({ city: 'capitol' })).toMatchObject({ lat: 1, lon: 1, population: null });
  });
});
