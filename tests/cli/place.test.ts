import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../src/core/geo/haversine';
import { ROOT, isOneLineError, type CliRun } from './run-cli';

function parse(answer: string): CliRun {
  const run = spawnSync(process.execPath, [join(ROOT, 'src/cli/whereabouts.mjs'), 'parse-answer'], { cwd: ROOT, input: answer, encoding: 'utf8' });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

interface Parsed {
  country: string | null;
  countryCode: string | null;
  region: string | null;
  city: string | null;
  landmark: string | null;
  lat: number;
  lon: number;
  coordinateSource: 'model' | 'gazetteer';
  reasons: string[];
  gazetteer: { level: string; name: string } | null;
  at: { countryCode: string | null; region: string | null; city: { name: string } | null; label: string };
}

function ok(run: CliRun): Parsed {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(run.stdout) as Parsed;
}

describe('whereabouts parse-answer', () => {
  it('prints a JSON answer with its own coordinates, and what lies there', () => {
    const answer = ok(
      parse(
        'Step 1: the script on the shop signs is Thai.\nStep 2: tuk-tuks and dense traffic suggest the capital.\n' +
          '```json\n{"country": "Thailand", "region": "Bangkok", "city": "Bangkok", "landmark": null, "lat": 13.7563, "lon": 100.5018, "reasons": ["Thai script", "tuk-tuks"]}\n```',
      ),
    );
    expect(answer).toMatchObject({ country: 'Thailand', countryCode: 'TH', city: 'Bangkok', lat: 13.7563, lon: 100.5018, coordinateSource: 'model', gazetteer: null });
    expect(answer.reasons).toEqual(['Thai script', 'tuk-tuks']);
    expect(answer.at).toMatchObject({ countryCode: 'TH', city: { name: 'Bangkok' } });
  });

  it('reads labelled prose with degrees and minutes', () => {
    const answer = ok(parse('Country: Norway\nCity: Bergen\nCoordinates: 60°23′N, 5°19′E\nReason: colourful wooden wharf houses.'));
    expect(answer).toMatchObject({ countryCode: 'NO', coordinateSource: 'model' });
    expect(haversineKm(answer, { lat: 60.3913, lon: 5.3221 })).toBeLessThan(2);
    expect(answer.at.label).toMatch(/Bergen, .*Norway/);
  });

  it('places a named city through the gazetteer when coordinates are missing', () => {
    const answer = ok(parse('{"country": "Japan", "region": "Kyoto", "city": "Kyoto", "landmark": "Fushimi Inari", "lat": null, "lon": null, "reasons": ["vermilion torii gates"]}'));
    expect(answer).toMatchObject({ coordinateSource: 'gazetteer', gazetteer: { level: 'city', name: 'Kyoto' }, landmark: 'Fushimi Inari' });
    expect(haversineKm(answer, { lat: 35.0116, lon: 135.7681 })).toBeLessThan(10);
  });

  it('places a region or country when that is all the answer names', () => {
    const region = ok(parse('Country: Australia\nRegion: Tasmania\nCity: unknown'));
    expect(region).toMatchObject({ coordinateSource: 'gazetteer', gazetteer: { level: 'region', name: 'Tasmania' } });
    expect(region.at).toMatchObject({ countryCode: 'AU', region: 'Tasmania' });
    const country = ok(parse('{"country": "Morocco", "lat": null, "lon": null}'));
    expect(country).toMatchObject({ gazetteer: { level: 'country' }, countryCode: 'MA' });
  });

  it('fails on one line with exit code 2 for answers that cannot be placed', () => {
    const bad = [
      ['', /no answer/i],
      ['I am not sure where this photo was taken.', /no coordinates/i],
      ['{"lat": 0, "lon": 0}', /placeholder/i],
      ['It is either Lyon (45.7640, 4.8357) or Marseille (43.2965, 5.3698).', /several coordinate pairs/i],
      ['It could be Paris, France or Rome, Italy.', /several places/i],
      ['{"country": "France", "lat": 95.2, "lon": 2.1}', /range|latitude/i],
      ['{"city": "Xyzzyville", "lat": null, "lon": null}', /gazetteer does not know "Xyzzyville"/],
    ] as const;
    for (const [text, message] of bad) {
      const run = parse(text);
      expect(run.code, text).toBe(2);
      expect(isOneLineError(run), run.stderr).toBe(true);
      expect(run.stderr, text).toMatch(message);
      expect(run.stdout).toBe('');
    }
  });

  it('places a city named only in prose through the gazetteer, and says so', () => {
    const answer = ok(parse('The palm-lined boulevard and the hills suggest this photo was taken in Los Angeles, California.')) as Parsed & { namedInProse: string; note: string };
    expect(answer).toMatchObject({ coordinateSource: 'gazetteer', gazetteer: { level: 'city', name: 'Los Angeles' }, namedInProse: 'photo was taken in Los Angeles, California' });
    expect(answer.note).toMatch(/no usable coordinates; the offline gazetteer placed .*Los Angeles, California.* at the city Los Angeles/);
    expect(haversineKm(answer, { lat: 34.0522, lon: -118.2437 })).toBeLessThan(5);
  });

  it('reads many replies with --jsonl, one JSON line each, failures included', () => {
    const replies = ['lat: 48.2083 / long: 16.3725', 'It could be Paris, France or Rome, Italy.', '{"city": "Kyoto", "lat": null, "lon": null}'];
    const run = spawnSync(process.execPath, [join(ROOT, 'src/cli/whereabouts.mjs'), 'parse-answer', '--jsonl'], {
      cwd: ROOT,
      input: replies.map((reply) => JSON.stringify(reply)).join('\n'),
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { ok: boolean; lat?: number; problem?: string; coordinateSource?: string });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ ok: true, lat: 48.2083, coordinateSource: 'model' });
    expect(lines[1]).toMatchObject({ ok: false, problem: 'several-places' });
    expect(lines[2]).toMatchObject({ ok: true, coordinateSource: 'gazetteer' });
  });

  it('refuses --jsonl input that is not one JSON string a line', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'src/cli/whereabouts.mjs'), 'parse-answer', '--jsonl'], { cwd: ROOT, input: '"fine"\nnot json\n', encoding: 'utf8' });
    expect(isOneLineError({ code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr })).toBe(true);
    expect(run.stderr).toMatch(/line 2 of the --jsonl input is not a JSON string/);
  });
});
