import { describe, expect, it } from 'vitest';
import { isValidLatLon, parseCoordinates, validateLatLon } from '../../../src/core/geo/coords';
import { GeoError } from '../../../src/core/geo/errors';

const parisDms = { lat: 48 + 51 / 60 + 24 / 3600, lon: 2 + 21 / 60 + 8 / 3600 };

describe('parseCoordinates accepts', () => {
  it.each([
    ['48.8566, 2.3522', 48.8566, 2.3522],
    ['48.8566 2.3522', 48.8566, 2.3522],
    ['48.8566,2.3522', 48.8566, 2.3522],
    ['48.8566; 2.3522', 48.8566, 2.3522],
    ['  (48.8566, 2.3522) ', 48.8566, 2.3522],
    ['[-33.9, 151.2]', -33.9, 151.2],
    ['-33.9 151.2', -33.9, 151.2],
    ['-33.9, -151.2', -33.9, -151.2],
    ['\u221233.9 151.2', -33.9, 151.2],
    ['+12.5 +7', 12.5, 7],
    ['.5, -.25', 0.5, -0.25],
    ['90, 180', 90, 180],
    ['-90 -180', -90, -180],
    ['0 0', 0, 0],
  ])('decimal %j', (text, lat, lon) => {
    expect(parseCoordinates(text)).toEqual({ lat, lon });
  });

  it.each([
    ['48.8566 N, 2.3522 E', 48.8566, 2.3522],
    ['48.8566N 2.3522E', 48.8566, 2.3522],
    ['33.9S 151.2E', -33.9, 151.2],
    // A minus sign with S or W repeats the hemisphere; it is not a double negative.
    ['-33.9 S, 151.2 E', -33.9, 151.2],
    ['34.0536909° N, -118.242766° W', 34.0536909, -118.242766],
    ['33.9 s, 151.2 w', -33.9, -151.2],
    ['N 48.8566, E 2.3522', 48.8566, 2.3522],
    ['S33.9 W70.6', -33.9, -70.6],
    ['48.8566° N, 2.3522° E', 48.8566, 2.3522],
    ['48.8566 North, 2.3522 East', 48.8566, 2.3522],
    ['40.7 N 74.0', 40.7, 74],
    // Letters decide the axis even when longitude comes first.
    ['2.3522 E, 48.8566 N', 48.8566, 2.3522],
    ['151.2E 33.9S', -33.9, 151.2],
  ])('hemisphere letters %j', (text, lat, lon) => {
    expect(parseCoordinates(text)).toEqual({ lat, lon });
  });

  it.each([
    `48°51'24"N 2°21'08"E`,
    `48°51'24"N, 2°21'08"E`,
    '48 51 24 N, 2 21 8 E',
    '48 51 24 N 2 21 8 E',
    'N 48 51 24 E 2 21 8',
    '48°51′24″N 2°21′08″E',
    '48°51’24”N 2°21’08”E',
    "48°51'24''N 2°21'08''E",
    '48º 51\' 24" N, 2º 21\' 8" E',
    `48° 51' 24", 2° 21' 8"`,
    `48°51'24" 2°21'08"`,
    '48 51 24, 2 21 8',
  ])('degrees, minutes and seconds %j', (text) => {
    const parsed = parseCoordinates(text);
    expect(parsed.lat).toBeCloseTo(parisDms.lat, 12);
    expect(parsed.lon).toBeCloseTo(parisDms.lon, 12);
  });

  it.each([
    [`48°51.4'N 2°21.13'E`, 48 + 51.4 / 60, 2 + 21.13 / 60],
    ['48°51.4′N, 2°21.13′E', 48 + 51.4 / 60, 2 + 21.13 / 60],
    ['33 54.5 S, 151 12.25 E', -(33 + 54.5 / 60), 151 + 12.25 / 60],
    [`-33°54.5', 151°12.25'`, -(33 + 54.5 / 60), 151 + 12.25 / 60],
    [`33°52'10.5"S 151°12'30.25"E`, -(33 + 52 / 60 + 10.5 / 3600), 151 + 12 / 60 + 30.25 / 3600],
  ])('degrees and decimal minutes or decimal seconds %j', (text, lat, lon) => {
    const parsed = parseCoordinates(text);
    expect(parsed.lat).toBeCloseTo(lat, 12);
    expect(parsed.lon).toBeCloseTo(lon, 12);
  });

  it('returns a plain zero rather than negative zero', () => {
    expect(Object.is(parseCoordinates('-0, -0.0').lat, 0)).toBe(true);
  });
});

describe('parseCoordinates rejects', () => {
  it.each([
    ['', 'invalid-coordinates'],
    ['   ', 'invalid-coordinates'],
    ['48.8566', 'invalid-coordinates'],
    ['48.8566,', 'invalid-coordinates'],
    ['1, 2, 3', 'invalid-coordinates'],
    ['1 2 3', 'invalid-coordinates'],
    ['48 51 2 21', 'invalid-coordinates'],
    ['Paris', 'invalid-coordinates'],
    ['48.8566 N, 2.3522 N', 'invalid-coordinates'],
    ['48.8566 E 2.3522 W', 'invalid-coordinates'],
    ['-33.9 N, 151.2 E', 'invalid-coordinates'],
    ['33.9 N, -151.2 E', 'invalid-coordinates'],
    ['48.5 30 0 N, 2 E', 'invalid-coordinates'],
    ['48 -30 N, 2 E', 'invalid-coordinates'],
    [`51'24"N 2°21'E`, 'invalid-coordinates'],
    ['48 51 24 10 N, 2 E', 'invalid-coordinates'],
    ['48.8566 N S, 2 E', 'invalid-coordinates'],
    ['48.8566 # 2.3522', 'invalid-coordinates'],
    ['lat 48.8, lon 2.3', 'invalid-coordinates'],
    ['1e5 3', 'invalid-coordinates'],
    ['48.85 N 2.35 E 3', 'invalid-coordinates'],
    ['48 51 N 24, 2 E', 'invalid-coordinates'],
    ['91, 0', 'out-of-range'],
    ['-90.0001, 0', 'out-of-range'],
    ['0, 180.5', 'out-of-range'],
    ['0, -181', 'out-of-range'],
    ['95 N, 10 E', 'out-of-range'],
    ['10 N, 200 W', 'out-of-range'],
    ['90 30 0 N, 0 E', 'out-of-range'],
    ['48 60 0 N, 2 E', 'out-of-range'],
    ['48 59 60 N, 2 E', 'out-of-range'],
    [`48°51'75"N 2°21'08"E`, 'out-of-range'],
    ['48°61.5\'N 2°21\'E', 'out-of-range'],
  ])('%j with %s', (text, code) => {
    expect(() => parseCoordinates(text)).toThrow(expect.objectContaining({ name: 'GeoError', code }));
  });

  it('explains what went wrong in a sentence that quotes the input', () => {
    expect(() => parseCoordinates('91, 0')).toThrow('Latitude 91 is out of range: it must be between -90 and 90.');
    expect(() => parseCoordinates('Paris')).toThrow(/^Could not read "Paris" as coordinates: /);
    expect(() => parseCoordinates('48 60 0 N, 2 E')).toThrow(/minutes must be less than 60/);
  });
});

describe('validateLatLon', () => {
  it('returns the pair when it is in range', () => {
    expect(validateLatLon(-90, 180)).toEqual({ lat: -90, lon: 180 });
  });

  it.each([
    [Number.NaN, 0, 'invalid-coordinates'],
    [0, Number.POSITIVE_INFINITY, 'invalid-coordinates'],
    [90.1, 0, 'out-of-range'],
    [0, -180.1, 'out-of-range'],
  ])('throws for (%s, %s)', (lat, lon, code) => {
    expect(() => validateLatLon(lat, lon)).toThrow(GeoError);
    expect(() => validateLatLon(lat, lon)).toThrow(expect.objectContaining({ code }));
  });

  it('has a boolean twin', () => {
    expect(isValidLatLon(45, 90)).toBe(true);
    expect(isValidLatLon(45, 190)).toBe(false);
    expect(isValidLatLon(Number.NaN, 0)).toBe(false);
  });
});
