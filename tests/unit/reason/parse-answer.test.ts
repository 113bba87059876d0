import { describe, expect, it } from 'vitest';
import { parseAnswer, withGazetteerCoordinates, type AnswerParse, type LocatedAnswer, type UnlocatedAnswer } from '../../../src/core/reason/parse-answer';

function located(result: AnswerParse): LocatedAnswer {
  if (!result.ok || result.needsGazetteer) throw new Error(`expected a located answer, got ${JSON.stringify(result)}`);
  return result.answer;
}

function unlocated(result: AnswerParse): UnlocatedAnswer {
  if (!result.ok || !result.needsGazetteer) throw new Error(`expected a place without coordinates, got ${JSON.stringify(result)}`);
  return result.answer;
}

function failed(result: AnswerParse): { problem: string; reason: string } {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

describe('parseAnswer reads JSON answers', () => {
  it('reads the requested format and maps the country to its code', () => {
    const answer = located(
      parseAnswer(
        '{"country": "France", "country_code": "FR", "region": "Île-de-France", "city": "Paris", "landmark": "Eiffel Tower", ' +
          '"lat": 48.8584, "lon": 2.2945, "reasons": ["Wrought-iron lattice tower", "French street signs"]}',
      ),
    );
    expect(answer).toEqual({
      country: 'France',
      countryCode: 'FR',
      region: 'Île-de-France',
      city: 'Paris',
      landmark: 'Eiffel Tower',
      lat: 48.8584,
      lon: 2.2945,
      reasons: ['Wrought-iron lattice tower', 'French street signs'],
      coordinateSource: 'model',
    });
  });

  it('reads JSON inside a code fence after Chain-of-Region reasoning', () => {
    const text = [
      '1. Country: the number plates are yellow at the back and the signs are in Dutch, so the Netherlands.',
      '2. Region: flat polder land with a windmill points to North Holland.',
      '3. City: the canal houses look like Zaandam; the mill resembles those at Zaanse Schans (52.47, 4.82 area).',
      '',
      '```json',
      '{',
      '  "country": "Netherlands",',
      '  "country_code": "NL",',
      '  "region": "North Holland",',
      '  "city": "Zaandam",',
      '  "landmark": "Zaanse Schans",',
      '  "lat": 52.4741,',
      '  "lon": 4.8166,',
      '  "reasons": ["Dutch text on signs", "Green wooden houses typical of the Zaan region"]',
      '}',
      '```',
    ].join('\n');
    const answer = located(parseAnswer(text));
    expect(answer).toMatchObject({ country: 'Netherlands', countryCode: 'NL', city: 'Zaandam', lat: 52.4741, lon: 4.8166 });
  });

  it('tolerates single quotes, trailing commas, unquoted keys and Python None', () => {
    const answer = located(
      parseAnswer("```\n{'country': 'Ivory Coast', 'region': 'Abidjan', city: 'abidjan', 'landmark': None, 'lat': 5.3600, 'lon': -4.0083, 'reasons': ['French signs', 'Tropical trees',],}\n```"),
    );
    expect(answer).toMatchObject({ country: "Côte d'Ivoire", countryCode: 'CI', city: 'Abidjan', landmark: null, lat: 5.36, lon: -4.0083 });
  });

  it("reads Clue2Geo's own answer template (unquoted keys, a single reason)", () => {
    const answer = located(parseAnswer('{Country:"France",City:"Paris",Landmark:"Eiffel Tower",lat:48.8584,lon:2.2945, Reason:"French text and the Eiffel Tower."}'));
    expect(answer).toMatchObject({ country: 'France', countryCode: 'FR', city: 'Paris', landmark: 'Eiffel Tower', reasons: ['French text and the Eiffel Tower.'] });
  });

  it('reads coordinates given as strings, DMS, a pair string or an array', () => {
    expect(located(parseAnswer('{"city": "Sydney", "lat": "-33.8568", "lon": "151.2153"}'))).toMatchObject({ lat: -33.8568, lon: 151.2153 });
    const dms = located(parseAnswer(`{"city": "Tokyo", "lat": "35°39'31\\"N", "lon": "139°44'43\\"E"}`));
    expect(dms.lat).toBeCloseTo(35.6586, 3);
    expect(dms.lon).toBeCloseTo(139.7453, 3);
    expect(located(parseAnswer('{"city": "Cusco", "coordinates": "13.5320° S, 71.9675° W"}'))).toMatchObject({ lat: -13.532, lon: -71.9675 });
    expect(located(parseAnswer('{"city": "Oslo", "coordinates": [59.9139, 10.7522]}'))).toMatchObject({ lat: 59.9139, lon: 10.7522 });
    expect(located(parseAnswer('{"city": "Oslo", "location": {"latitude": 59.9139, "longitude": 10.7522}}'))).toMatchObject({ lat: 59.9139, lon: 10.7522 });
  });

  it('reads GeoJSON and lng/lat arrays in longitude-first order', () => {
    expect(located(parseAnswer('{"city": "Oslo", "geometry": {"type": "Point", "coordinates": [10.7522, 59.9139]}}'))).toMatchObject({ lat: 59.9139, lon: 10.7522 });
    expect(located(parseAnswer('{"city": "Oslo", "lnglat": [10.7522, 59.9139]}'))).toMatchObject({ lat: 59.9139, lon: 10.7522 });
  });

  it('ignores coordinates mentioned in the reasoning around a JSON answer', () => {
    const text = 'Paris is around 48.85, 2.35, but the bridge suggests Lyon.\n{"city": "Lyon", "lat": 45.7640, "lon": 4.8357}';
    expect(located(parseAnswer(text))).toMatchObject({ city: 'Lyon', lat: 45.764, lon: 4.8357 });
  });

  it('reads only what follows a thinking block', () => {
    const text = '<think>Could be 40.4168, -3.7038 (Madrid) or 41.3874, 2.1686...</think>\n{"city": "Barcelona", "lat": 41.3874, "lon": 2.1686}';
    expect(located(parseAnswer(text))).toMatchObject({ city: 'Barcelona', lat: 41.3874 });
  });

  it('reads only what follows a closing think tag whose opening tag was in the prompt', () => {
    const text = 'Maybe 40.4168, -3.7038 (Madrid)... no, the beach says Barcelona.</think>\nCoordinates: 41.3874, 2.1686';
    expect(located(parseAnswer(text))).toMatchObject({ lat: 41.3874, lon: 2.1686 });
  });

  it('fails a JSON list of several different places', () => {
    const text = '[{"city": "Lyon", "lat": 45.764, "lon": 4.8357}, {"city": "Marseille", "lat": 43.2965, "lon": 5.3698}]';
    expect(failed(parseAnswer(text)).problem).toBe('several-pairs');
  });

  it('accepts the same pair written twice with different rounding', () => {
    const text = '{"city": "Lyon", "lat": 45.7640, "lon": 4.8357, "coordinates": "45.76, 4.84"}';
    expect(located(parseAnswer(text))).toMatchObject({ lat: 45.764, lon: 4.8357 });
  });
});

describe('parseAnswer reads prose answers', () => {
  it.each([
    ['Coordinates: 48.8584, 2.2945', 48.8584, 2.2945],
    ['**Coordinates:** (48.8584, 2.2945)', 48.8584, 2.2945],
    ['Final answer: (-22.9519, -43.2105)', -22.9519, -43.2105],
    ['Lat/Lon: 40.6892, -74.0445', 40.6892, -74.0445],
    ['Latitude: 40.6892\nLongitude: -74.0445', 40.6892, -74.0445],
    ['lat = 40.6892, lon = -74.0445', 40.6892, -74.0445],
    ['GPS coordinates: 35.6586° N, 139.7454° E', 35.6586, 139.7454],
    ['It was taken at 33.8568° S, 151.2153° E, by the harbour.', -33.8568, 151.2153],
    ['Estimated location: 51.5007, -0.1246', 51.5007, -0.1246],
  ])('%j', (text, lat, lon) => {
    expect(located(parseAnswer(`Country: Somewhere\n${text}`))).toMatchObject({ lat, lon });
  });

  it('reads DMS with and without labels', () => {
    const labelled = located(parseAnswer('- **Latitude**: 48°51′29.6″N\n- **Longitude**: 2°17′40.2″E'));
    expect(labelled.lat).toBeCloseTo(48.85822, 4);
    expect(labelled.lon).toBeCloseTo(2.29450, 4);
    const inline = located(parseAnswer(`The photo shows the Sydney Opera House at 33°51'24"S 151°12'54"E.`));
    expect(inline.lat).toBeCloseTo(-33.8567, 3);
    expect(inline.lon).toBeCloseTo(151.215, 3);
  });

  it('swaps longitude-first pairs when the labels say so', () => {
    expect(located(parseAnswer('Lon/Lat: 2.2945, 48.8584'))).toMatchObject({ lat: 48.8584, lon: 2.2945 });
    expect(located(parseAnswer('Coordinates (longitude, latitude): -74.0445, 40.6892'))).toMatchObject({ lat: 40.6892, lon: -74.0445 });
    expect(located(parseAnswer('Longitude: 151.2153\nLatitude: -33.8568'))).toMatchObject({ lat: -33.8568, lon: 151.2153 });
    expect(located(parseAnswer('2.2945 E, 48.8584 N'))).toMatchObject({ lat: 48.8584, lon: 2.2945 });
  });

  it('reads labelled names and a list of reasons', () => {
    const text = [
      '**Country:** Japan',
      '**Region:** Kansai',
      '**City:** KYOTO',
      '**Landmark:** Fushimi Inari-taisha',
      '**Coordinates:** 34.9671, 135.7727',
      '**Reasons:**',
      '- Vermilion torii gates in long rows',
      '- Japanese writing on the gates',
      '',
      'Hope this helps!',
    ].join('\n');
    expect(located(parseAnswer(text))).toEqual({
      country: 'Japan',
      countryCode: 'JP',
      region: 'Kansai',
      city: 'Kyoto',
      landmark: 'Fushimi Inari-taisha',
      lat: 34.9671,
      lon: 135.7727,
      reasons: ['Vermilion torii gates in long rows', 'Japanese writing on the gates'],
      coordinateSource: 'model',
    });
  });

  it('takes the country from unlabelled prose when it names exactly one', () => {
    const text = 'Based on the baroque spires, this appears to be Prague, Czech Republic. Coordinates: 50.0870° N, 14.4208° E';
    expect(located(parseAnswer(text))).toMatchObject({ country: 'Czechia', countryCode: 'CZ', lat: 50.087, lon: 14.4208 });
    const torn = located(parseAnswer('Not France but Belgium, I think: (50.8503, 4.3517)'));
    expect(torn).toMatchObject({ country: null, countryCode: null });
  });

  it('does not turn a vague mention of a country into a place to look up', () => {
    expect(failed(parseAnswer('I cannot say for sure whether this is France.')).problem).toBe('no-location');
  });

  it('fails prose with several different pairs', () => {
    const result = failed(parseAnswer('It is either Lyon (45.7640, 4.8357) or Marseille (43.2965, 5.3698).'));
    expect(result.problem).toBe('several-pairs');
    expect(result.reason).toMatch(/several coordinate pairs/);
  });

  it('fails reasoning that drifts from one pair to another', () => {
    expect(failed(parseAnswer('Paris is at 48.85, 2.35, but final coordinates: 45.7640, 4.8357')).problem).toBe('several-pairs');
  });

  it('does not read years, counts or distances as coordinates', () => {
    const result = failed(parseAnswer('Built in 1889, 300 m tall, about 2.5 km from the river.'));
    expect(result.problem).toBe('no-location');
  });
});

describe('parseAnswer without coordinates', () => {
  it('asks for a gazetteer lookup when a place is named in JSON', () => {
    const answer = unlocated(parseAnswer('{"country": "Japan", "city": "Kyoto", "landmark": null, "lat": null, "lon": null, "reasons": "Torii gates"}'));
    expect(answer).toMatchObject({ country: 'Japan', countryCode: 'JP', city: 'Kyoto', lat: null, lon: null, coordinateSource: null });
  });

  it('asks for a gazetteer lookup when only names are given in prose', () => {
    expect(unlocated(parseAnswer('Country: Peru\nCity: Cusco\nCoordinates: unknown'))).toMatchObject({ country: 'Peru', city: 'Cusco' });
  });

  it('asks for a lookup when only a country code is given', () => {
    expect(unlocated(parseAnswer('{"country_code": "no", "lat": "unknown", "lon": "unknown"}'))).toMatchObject({ country: 'Norway', countryCode: 'NO' });
  });

  it('fails when nothing is located or named', () => {
    expect(failed(parseAnswer('I cannot tell where this photo was taken.'))).toMatchObject({ problem: 'no-location', reason: 'The answer gives no coordinates and names no place.' });
    expect(failed(parseAnswer('   '))).toMatchObject({ problem: 'empty' });
    expect(failed(parseAnswer('<think>hmm, maybe 48.85, 2.35'))).toMatchObject({ problem: 'empty' });
  });

  it('places a looked-up answer and marks where its coordinates came from', () => {
    const answer = unlocated(parseAnswer('{"country": "Japan", "city": "Kyoto"}'));
    expect(withGazetteerCoordinates(answer, { lat: 35.0116, lon: 135.7681 })).toMatchObject({ city: 'Kyoto', lat: 35.0116, lon: 135.7681, coordinateSource: 'gazetteer' });
    expect(() => withGazetteerCoordinates(answer, { lat: 135, lon: 35 })).toThrow(/out of range/);
  });
});

describe('parseAnswer rejects bad coordinates', () => {
  it.each([
    ['{"city": "Nowhere", "lat": 95.1234, "lon": 2.2945}', /Latitude 95.1234 is out of range/],
    ['{"city": "Nowhere", "lat": 45.1, "lon": 200.5}', /Longitude 200.5 is out of range/],
    ['Coordinates: 123.4567, 45.6789', /Latitude 123.4567 is out of range/],
    ['Latitude: -91.5\nLongitude: 10.0', /Latitude -91.5 is out of range/],
  ])('out of range: %j', (text, message) => {
    const result = failed(parseAnswer(text));
    expect(result.problem).toBe('out-of-range');
    expect(result.reason).toMatch(message);
  });

  it('treats 0, 0 with no place as a placeholder, never as a location', () => {
    expect(failed(parseAnswer('{"lat": 0, "lon": 0}'))).toMatchObject({ problem: 'placeholder' });
    expect(failed(parseAnswer('{"country": "unknown", "lat": 0.0000, "lon": 0.0000}')).reason).toMatch(/placeholder/);
    expect(failed(parseAnswer('Coordinates: 0.0, 0.0'))).toMatchObject({ problem: 'placeholder' });
  });

  it('drops 0, 0 next to a named place and asks for a lookup instead', () => {
    expect(unlocated(parseAnswer('{"country": "Kenya", "city": "Nairobi", "lat": 0, "lon": 0}'))).toMatchObject({ city: 'Nairobi', lat: null });
  });

  it('fails half a pair when no place is named', () => {
    expect(failed(parseAnswer('{"lat": 48.8584}'))).toMatchObject({ problem: 'unreadable', reason: 'The answer gives a latitude without a longitude.' });
    expect(failed(parseAnswer('Latitude: 48.8584')).reason).toMatch(/1 latitude but 0 longitudes/);
  });
});

describe('parseAnswer normalises names and countries', () => {
  it.each([
    ['USA', 'United States', 'US'],
    ['U.S.', 'United States', 'US'],
    ['UK', 'United Kingdom', 'GB'],
    ['england', 'United Kingdom', 'GB'],
    ['Czech Republic', 'Czechia', 'CZ'],
    ['Czechia', 'Czechia', 'CZ'],
    ['Turkey', 'Türkiye', 'TR'],
    ['Türkiye', 'Türkiye', 'TR'],
    ['Ivory Coast', "Côte d'Ivoire", 'CI'],
    ['cote d’ivoire', "Côte d'Ivoire", 'CI'],
    ['the netherlands', 'Netherlands', 'NL'],
    ['Holland', 'Netherlands', 'NL'],
    ['South Korea', 'South Korea', 'KR'],
    ['DR Congo', 'Democratic Republic of the Congo', 'CD'],
    ['Burma', 'Myanmar', 'MM'],
    ['St. Lucia', 'Saint Lucia', 'LC'],
    ['Bosnia & Herzegovina', 'Bosnia and Herzegovina', 'BA'],
    ['FR', 'France', 'FR'],
    ['France (FR)', 'France', 'FR'],
  ])('country %j', (given, country, countryCode) => {
    expect(located(parseAnswer(JSON.stringify({ country: given, lat: 10.5, lon: 10.5 })))).toMatchObject({ country, countryCode });
  });

  it('keeps an unknown country name and leaves the code empty', () => {
    expect(located(parseAnswer('{"country": "Atlantis", "lat": 10.5, "lon": 10.5}'))).toMatchObject({ country: 'Atlantis', countryCode: null });
  });

  it('accepts a valid code without a name, ignores an invalid one, and lets a known name decide a conflict', () => {
    expect(located(parseAnswer('{"country_code": "pt", "lat": 38.7, "lon": -9.1}'))).toMatchObject({ country: 'Portugal', countryCode: 'PT' });
    expect(located(parseAnswer('{"country": "Portugal", "country_code": "XX", "lat": 38.7, "lon": -9.1}'))).toMatchObject({ countryCode: 'PT' });
    expect(located(parseAnswer('{"country": "Portugal", "country_code": "ES", "lat": 38.7, "lon": -9.1}'))).toMatchObject({ countryCode: 'PT' });
  });

  it('trims, collapses spaces, title-cases one-case names and drops placeholders', () => {
    const answer = located(
      parseAnswer('{"country": "  brazil ", "region": "RIO DE JANEIRO", "city": "rio de   janeiro, Brazil", "landmark": "N/A", "lat": -22.9519, "lon": -43.2105, "reasons": "  Christ the   Redeemer statue "}'),
    );
    expect(answer).toMatchObject({ country: 'Brazil', region: 'Rio de Janeiro', city: 'Rio de Janeiro', landmark: null, reasons: ['Christ the Redeemer statue'] });
  });

  it('keeps mixed-case names as written', () => {
    expect(located(parseAnswer('{"city": "McLean", "region": "Washington, D.C.", "lat": 38.93, "lon": -77.18}'))).toMatchObject({ city: 'McLean', region: 'Washington, D.C.' });
  });
});

describe('parseAnswer on small-model habits', () => {
  it('fails an echoed answer template', () => {
    const echo = '{"country": "<country name>", "country_code": "<ISO 3166-1 alpha-2 code>", "city": "<city or town>", "lat": <latitude>, "lon": <longitude>}';
    expect(failed(parseAnswer(echo)).problem).toBe('no-location');
  });

  it('reads a hedged sentence with hemisphere marks', () => {
    const text = 'The image shows a large red bridge. The coordinates are approximately 37.8199° N, 122.4783° W.';
    expect(located(parseAnswer(text))).toMatchObject({ lat: 37.8199, lon: -122.4783 });
  });

  it('reads labelled values that carry hemisphere letters', () => {
    expect(located(parseAnswer('Latitude: 37.8199 N, Longitude: 122.4783 W'))).toMatchObject({ lat: 37.8199, lon: -122.4783 });
  });

  it('does not count coordinates quoted inside the reasons', () => {
    const text = '{"city": "Lyon", "lat": 45.764, "lon": 4.8357, "reasons": ["Not Paris (48.8566, 2.3522): the river is too wide"]}';
    expect(located(parseAnswer(text))).toMatchObject({ lat: 45.764, lon: 4.8357 });
  });
});

describe('parseAnswer reads coordinates in every common prose form', () => {
  const vienna = { lat: 48.2083537, lon: 16.3725042 };
  it.each([
    ['the latitude and longitude are A, B', 'Judging by the cathedral, the latitude and longitude are 48.2083537, 16.3725042.'],
    ['lat and long without a colon', 'Lat and long: 48.2083537, 16.3725042'],
    ['latitude-longitude with a hedge', 'My latitude-longitude estimate is approximately 48.2083537, 16.3725042'],
    ['A latitude and B longitude', 'I would put it at 48.2083537 latitude and 16.3725042 longitude.'],
    ['B longitude, A latitude', 'Roughly 16.3725042 longitude, 48.2083537 latitude.'],
    ['lat: A / long: B', 'lat: 48.2083537 / long: 16.3725042'],
    ['abbreviated labels with periods', 'Lat. 48.2083537, Long. 16.3725042'],
    ['labels without a colon', 'It was taken at latitude 48.2083537 and longitude 16.3725042.'],
    ['a latitude of A and a longitude of B', 'It has a latitude of 48.2083537 and a longitude of 16.3725042.'],
    ['marked pair joined by "and"', 'Located at 48.2083537°N and 16.3725042°E.'],
    ['trailing periods after the numbers', 'Latitude: 48.2083537.\nLongitude: 16.3725042.'],
    ['decimal commas', 'Latitude 48,2083537 and longitude 16,3725042'],
    ['decimal commas in a pair', 'Coordinates: 48,2083537, 16,3725042'],
    ['a tilde before each number', 'Estimated coordinates: ~48.2083537, ~16.3725042'],
    ['a colon after the verb', 'The coordinates are: latitude 48.2083537, longitude 16.3725042'],
  ])('%s', (_form, text) => {
    expect(located(parseAnswer(text))).toMatchObject(vienna);
  });

  it('reads a minus sign with an S or W letter as the same hemisphere, not a double negative', () => {
    expect(located(parseAnswer('The City Hall is at 34.0536909° N, -118.242766° W.'))).toMatchObject({ lat: 34.0536909, lon: -118.242766 });
    expect(located(parseAnswer('Coordinates: -33.8688° S, 151.2093° E'))).toMatchObject({ lat: -33.8688, lon: 151.2093 });
    expect(located(parseAnswer('Latitude: -22.9519 S\nLongitude: -43.2105 W'))).toMatchObject({ lat: -22.9519, lon: -43.2105 });
  });

  it('refuses a minus sign that contradicts an N or E letter', () => {
    expect(failed(parseAnswer('Coordinates: -48.2083° N, 16.3725° E')).problem).toBe('unreadable');
  });

  it('reads hemisphere letters and words before or after the numbers', () => {
    expect(located(parseAnswer('It sits at about 29.97 degrees North latitude and 90.07 degrees West longitude.'))).toMatchObject({ lat: 29.97, lon: -90.07 });
    expect(located(parseAnswer('Coordinates: S 33.8688, E 151.2093'))).toMatchObject({ lat: -33.8688, lon: 151.2093 });
  });

  it.each([
    ['primes', 'Coordinates: 48°12′30″N 16°22′21″E'],
    ['apostrophes and quotes', `Coordinates: 48°12'30"N, 16°22'21"E`],
    ['curly quotes', 'Coordinates: 48°12’30”N, 16°22’21”E'],
    ['words', 'Coordinates: 48 degrees 12 minutes 30 seconds N, 16 degrees 22 minutes 21 seconds E'],
    ['abbreviated words', 'Latitude: 48 deg 12 min 30 sec N\nLongitude: 16 deg 22 min 21 sec E'],
  ])('reads degrees, minutes and seconds written with %s', (_how, text) => {
    const answer = located(parseAnswer(text));
    expect(answer.lat).toBeCloseTo(48 + 12 / 60 + 30 / 3600, 6);
    expect(answer.lon).toBeCloseTo(16 + 22 / 60 + 21 / 3600, 6);
  });

  it.each([
    ['a Unicode minus', '\u2212'],
    ['an en dash', '\u2013'],
    ['an em dash', '\u2014'],
    ['a hyphen', '\u2010'],
    ['a full-width minus', '\uFF0D'],
  ])('reads %s as a minus sign', (_name, minus) => {
    expect(located(parseAnswer(`Latitude: ${minus}33.8688\nLongitude: 151.2093`))).toMatchObject({ lat: -33.8688, lon: 151.2093 });
    expect(located(parseAnswer(`The pair is (34.0537, ${minus}118.2428).`))).toMatchObject({ lat: 34.0537, lon: -118.2428 });
  });

  it('does not take a range written with a dash for a negative number', () => {
    expect(failed(parseAnswer('Built between 1890\u20131910, about 12\u201315 storeys high.')).problem).toBe('no-location');
  });

  it('reads digits grouped after the decimal point, and never splits a number with thousands separators', () => {
    expect(located(parseAnswer('Coordinates: 48.208\u2009353\u20097, 16.372\u2009504\u20092'))).toMatchObject(vienna);
    const text = 'Coordinates: 40.7128, -74.0060. The city has 8,336,817 people, the tower is 1,250.5 ft tall.';
    expect(located(parseAnswer(text))).toMatchObject({ lat: 40.7128, lon: -74.006 });
    expect(failed(parseAnswer('A town of 12,345 people, 1,234.56 km from the coast.')).problem).toBe('no-location');
  });

  it('reads digits grouped in threes with plain spaces, and never joins two numbers', () => {
    expect(located(parseAnswer('Coordinates: 48.208 353 7, 16.372 504 2'))).toMatchObject(vienna);
    expect(located(parseAnswer('Latitude 48.208 353 7 and longitude 16.372 504 2.'))).toMatchObject(vienna);
    expect(located(parseAnswer('Coordinates: 48.2 16.4'))).toMatchObject({ lat: 48.2, lon: 16.4 });
    expect(located(parseAnswer('Coordinates: 48.208 16.372'))).toMatchObject({ lat: 48.208, lon: 16.372 });
  });

  it('reads degrees and decimal minutes without a minute mark, as geocachers write them', () => {
    const expected = { lat: 48 + 12.5 / 60, lon: 16 + 22.25 / 60 };
    for (const text of ['Location: N 48° 12.500 E 016° 22.250', 'N48°12.500, E016°22.250', 'It is at 48° 12.500 N, 16° 22.250 E.']) {
      const answer = located(parseAnswer(text));
      expect(answer.lat, text).toBeCloseTo(expected.lat, 6);
      expect(answer.lon, text).toBeCloseTo(expected.lon, 6);
    }
    expect(located(parseAnswer('S 33° 51.600 W 070° 39.000'))).toMatchObject({ lat: -33.86, lon: -70.65 });
  });
});

describe('parseAnswer reads a place named in prose', () => {
  it('sends "taken in Los Angeles, California" to the gazetteer and keeps the words', () => {
    const answer = unlocated(parseAnswer('Judging by the palm trees and the skyline, this photo was taken in Los Angeles, California.'));
    expect(answer).toMatchObject({ city: 'Los Angeles', region: 'California', country: null, namedInProse: 'photo was taken in Los Angeles, California' });
  });

  it('reads city and country, and "X in Region, Country"', () => {
    expect(unlocated(parseAnswer('This is probably Porto, Portugal, by the look of the tiles.'))).toMatchObject({ city: 'Porto', country: 'Portugal', countryCode: 'PT' });
    expect(unlocated(parseAnswer('The location is near Antigonish in Nova Scotia, Canada.'))).toMatchObject({ city: 'Antigonish', region: 'Nova Scotia', countryCode: 'CA' });
    expect(unlocated(parseAnswer('The scene looks like the city of Rio de Janeiro.'))).toMatchObject({ city: 'Rio de Janeiro' });
  });

  it('keeps what a reply cut off in its JSON wrote before the cut, never half a number', () => {
    const cut = unlocated(parseAnswer('```json\n{"country": "France", "city": "Paris", "lat": 48.8566, "lon": 2.35'));
    expect(cut).toMatchObject({ city: 'Paris', countryCode: 'FR', lat: null });
    expect(located(parseAnswer('{"city": "Lima", "lat": -12.0464, "lon": -77.0428, "reasons": ["adobe walls", "the Pacif'))).toMatchObject({ lat: -12.0464, lon: -77.0428 });
  });

  it('reads a place given after a label, or as the whole reply', () => {
    expect(unlocated(parseAnswer('Location: Los Angeles, California'))).toMatchObject({ city: 'Los Angeles', region: 'California' });
    expect(unlocated(parseAnswer('**Final answer:** Kyoto, Japan.'))).toMatchObject({ city: 'Kyoto', countryCode: 'JP', namedInProse: 'Final answer: Kyoto, Japan.' });
    expect(unlocated(parseAnswer('Tokyo, Japan'))).toMatchObject({ city: 'Tokyo', countryCode: 'JP' });
    for (const text of ['Location: unknown', 'Answer: I cannot tell.', 'Location: somewhere in Europe', 'Xq']) {
      expect(failed(parseAnswer(text)).problem, text).toBe('no-location');
    }
  });

  it('takes the country from the prose when it names exactly one', () => {
    const text = 'This image is from South America, specifically Colombia. The location is near the city of Santa Marta.';
    expect(unlocated(parseAnswer(text))).toMatchObject({ city: 'Santa Marta', country: 'Colombia', countryCode: 'CO' });
  });

  it('counts the same place named twice once', () => {
    const text = 'It was taken in Los Angeles, California. Palm trees like these are everywhere in Los Angeles.';
    expect(unlocated(parseAnswer(text))).toMatchObject({ city: 'Los Angeles', region: 'California' });
  });

  it('refuses several different places', () => {
    const result = failed(parseAnswer('It could be Paris, France or Rome, Italy; I cannot tell.'));
    expect(result).toMatchObject({ problem: 'several-places' });
    expect(result.reason).toMatch(/Paris, France; Rome, Italy/);
  });

  it('keeps refusing replies that commit to nothing', () => {
    const vague = [
      "I'm sorry, but I can't help with that.",
      'The signs are in Spanish and the style is typical of Europe.',
      'This is a rural road; it could be anywhere.',
      'It was probably taken in March, in the late afternoon.',
      'This looks like Italy, judging by the tiles.',
    ];
    for (const text of vague) {
      expect(failed(parseAnswer(text)).problem, text).toBe('no-location');
    }
  });

  it('prefers coordinates and labelled names over places mentioned in prose', () => {
    expect(located(parseAnswer('Taken in Lyon, France. Coordinates: 45.7640, 4.8357'))).toMatchObject({ lat: 45.764, lon: 4.8357 });
    const labelled = unlocated(parseAnswer('It reminds me of a trip taken in Rome, Italy.\nCountry: Peru\nCity: Cusco'));
    expect(labelled).toMatchObject({ city: 'Cusco', country: 'Peru' });
    expect(labelled.namedInProse).toBeUndefined();
  });
});
