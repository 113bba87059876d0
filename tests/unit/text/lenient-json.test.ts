import { describe, expect, it } from 'vitest';
import { findJsonObjects, readLenientJson } from '../../../src/core/text/lenient-json';

function values(text: string): unknown[] {
  return findJsonObjects(text).map((found) => found.value);
}

describe('findJsonObjects', () => {
  it('reads strict JSON and reports where it is', () => {
    const text = 'Answer: {"a": 1, "b": [true, null, "x"]} done';
    const [found] = findJsonObjects(text);
    expect(found!.value).toEqual({ a: 1, b: [true, null, 'x'] });
    expect(text.slice(found!.start, found!.end)).toBe('{"a": 1, "b": [true, null, "x"]}');
  });

  it('bends for the usual model mistakes', () => {
    expect(values("{'city': 'Paris', lat: 48.85, 'ok': True, 'landmark': None,}")).toEqual([{ city: 'Paris', lat: 48.85, ok: true, landmark: null }]);
    expect(values('{“country”: “France”, "lat": 48°51\'N}')).toEqual([{ country: 'France', lat: "48°51'N" }]);
    expect(values('{\n  "a": 1 // the first\n  "b": 2 /* no comma above */\n}')).toEqual([{ a: 1, b: 2 }]);
  });

  it("keeps apostrophes inside single-quoted strings (Côte d'Ivoire)", () => {
    expect(values("{'country': 'Côte d'Ivoire', 'city': 'Abidjan'}")).toEqual([{ country: "Côte d'Ivoire", city: 'Abidjan' }]);
  });

  it('decodes escapes', () => {
    expect(values('{"text": "line\\nbreak \\"quoted\\" \\u00e9"}')).toEqual([{ text: 'line\nbreak "quoted" é' }]);
  });

  it('finds several objects and skips what does not parse', () => {
    expect(values('first {"a": 1} then {broken and {"b": 2}')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(values('no objects here, just {')).toEqual([]);
  });

  it('does not let a key named __proto__ change the prototype', () => {
    const [value] = values('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>[];
    expect(value).toEqual({ a: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps what was written before a reply was cut off, leaving out a number cut in two', () => {
    const [found] = findJsonObjects('Answer: {"country": "France", "city": "Paris", "lat": 48.85');
    expect(found).toMatchObject({ value: { country: 'France', city: 'Paris' }, truncated: true });
    expect(findJsonObjects('{"city": "Par')).toEqual([]);
  });

  it('finds an object in the middle of prose', () => {
    const text = 'I think so. {"city": "Lima", "lat": -12.05} Hope that helps {see below}.';
    expect(findJsonObjects(text)).toEqual([{ value: { city: 'Lima', lat: -12.05 }, start: 12, end: 43, truncated: false }]);
  });
});

describe('readLenientJson', () => {
  it('reads Python tuples and sets, and keeps a string cut off at the end', () => {
    const text = '[("red roof", "clay tiles"), {"stop sign", "palm"}, ("tram", "yellow and wh';
    const read = readLenientJson(text, 0);
    expect(read.value).toEqual([['red roof', 'clay tiles'], { 'stop sign': '', palm: '' }, ['tram', 'yellow and wh']]);
    expect(read).toMatchObject({ truncated: true, end: text.length });
  });

  it('survives quotes inside strings and stray colons', () => {
    expect(readLenientJson('[("sign reading "STOP" in red": "a")]', 0).value).toEqual([['sign reading "STOP" in red', 'a']]);
  });
});
