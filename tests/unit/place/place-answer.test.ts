// Realistic model replies through the strict parser and the gazetteer hook.
import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/haversine';
import { placeAnswer } from '../../../src/core/place/place-answer';
import { parseAnswer, type AnswerParse, type LocatedAnswer } from '../../../src/core/reason/parse-answer';
import type { Places } from '../../../workers/lib/places';
import { loadPlacesNode } from '../../../workers/node/places';

let places: Places;
beforeAll(async () => {
  places = await loadPlacesNode();
});
const place = (text: string) => placeAnswer(parseAnswer(text), places.gazetteer);

function located(result: AnswerParse): LocatedAnswer {
  if (!result.ok || result.needsGazetteer) throw new Error(`expected a located answer, got ${JSON.stringify(result)}`);
  return result.answer;
}

function failed(result: AnswerParse): { problem: string; reason: string } {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

describe('placeAnswer', () => {
  it('leaves an answer with its own coordinates alone', () => {
    const text = '{"country": "Italy", "region": "Lazio", "city": "Rome", "landmark": "Colosseum", "lat": 41.8902, "lon": 12.4922, "reasons": ["Roman amphitheatre"]}';
    expect(place(text)).toEqual(parseAnswer(text));
    expect(located(place(text))).toMatchObject({ coordinateSource: 'model', lat: 41.8902 });
  });

  it('places JSON with null coordinates at the named city', () => {
    const answer = located(place('```json\n{"country": "Japan", "region": "Kyoto Prefecture", "city": "Kyoto", "landmark": "Kiyomizu-dera", "lat": null, "lon": null, "reasons": ["wooden stage on stilts"]}\n```'));
    expect(answer).toMatchObject({ coordinateSource: 'gazetteer', country: 'Japan', countryCode: 'JP', city: 'Kyoto', landmark: 'Kiyomizu-dera' });
    expect(haversineKm(answer, { lat: 35.0116, lon: 135.7681 })).toBeLessThan(10);
  });

  it('places labelled prose without coordinates', () => {
    const text = [
      'The signs are in Portuguese and the pavement is the wavy black-and-white calçada.',
      'Country: Portugal',
      'Region: Lisbon',
      'City: Lisbon',
      'Coordinates: unknown',
    ].join('\n');
    const answer = located(place(text));
    expect(answer).toMatchObject({ coordinateSource: 'gazetteer', countryCode: 'PT' });
    expect(haversineKm(answer, { lat: 38.7223, lon: -9.1393 })).toBeLessThan(10);
  });

  it('places a US city in the state the answer gives', () => {
    const answer = located(place('{"country": "United States", "region": "Texas", "city": "Paris", "lat": "", "lon": ""}'));
    expect(places.geocoder.placeAt(answer)).toMatchObject({ countryCode: 'US', region: 'Texas' });
  });

  it('falls back to the region, then the country', () => {
    const region = located(place('{"country": "Germany", "region": "Bavaria", "city": null, "lat": null, "lon": null}'));
    expect(places.geocoder.placeAt(region)).toMatchObject({ countryCode: 'DE', region: 'Bavaria' });
    const country = located(place('Country: Kenya\nRegion: unknown\nCity: unknown'));
    expect(places.geocoder.placeAt(country).countryCode).toBe('KE');
  });

  it('places a city written with its country and odd case', () => {
    const answer = located(place('{"city": "BUENOS AIRES, Argentina", "lat": null, "lon": null}'));
    expect(answer.countryCode).toBe(null);
    expect(places.geocoder.placeAt(answer).countryCode).toBe('AR');
  });

  it('places an answer whose coordinates are 0, 0 but which names a city', () => {
    const answer = located(place('{"country": "Peru", "city": "Cusco", "lat": 0, "lon": 0}'));
    expect(answer.coordinateSource).toBe('gazetteer');
    expect(haversineKm(answer, { lat: -13.5319, lon: -71.9675 })).toBeLessThan(10);
  });

  it('fails clearly when the gazetteer does not know the place', () => {
    const result = failed(place('{"country": "Narnia", "city": "Cair Paravel", "lat": null, "lon": null}'));
    expect(result.problem).toBe('unknown-place');
    expect(result.reason).toMatch(/Cair Paravel/);
    const landmarkOnly = failed(place('{"landmark": "The Lonely Mountain", "lat": null, "lon": null}'));
    expect(landmarkOnly.problem).toBe('unknown-place');
  });

  it('passes the parser\'s own failures through', () => {
    expect(failed(place('I cannot tell where this is.')).problem).toBe('no-location');
    expect(failed(place('It is either Lyon (45.7640, 4.8357) or Marseille (43.2965, 5.3698).')).problem).toBe('several-pairs');
    expect(failed(place('{"lat": 123.4, "lon": 10}')).problem).toBe('out-of-range');
  });
});
