// The whole method on the command line with the generated test models: the real transformers.js
// VLM, CLIP, sentence embedder and GeoCLIP in Node. Their text is noise, so the model answers must
// fail validation cleanly and the retrieval answer must come through.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_GALLERY, MODELS, TINY, cli, isOneLineError, scratch } from './run-cli';

let dir = '';
let index = '';
let photo = '';

beforeAll(async () => {
  dir = scratch();
  index = join(dir, 'tiny.wbx');
  expect(cli('index', 'build', '--coords', LOCAL_GALLERY, '--model', TINY, '--out', index).code).toBe(0);
  photo = join(dir, 'street.jpg');
  await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 120, g: 90, b: 60 } } }).jpeg().toFile(photo);
});

interface FullLine {
  mode: string;
  testModels: boolean;
  final: { lat: number; lon: number; source: string; place: string } | null;
  candidates: { source: string; ok: boolean; lat: number | null; similarity: number | null; km_to_final: number | null; reason: string | null }[];
  answers: { purpose: string; ok: boolean }[];
  cues: { reply: string | null; problems: string[] };
  cluemap: string;
  ms: Record<string, number | null>;
}

describe('whereabouts locate --mode full', () => {
  it('runs cues, cluemap, four answers and the final choice, and reports every candidate and stage time', () => {
    const run = cli('locate', photo, '--models', MODELS, '--index', index, '--mode', 'full', '--tokens', '24', '--json');
    expect(run.code, run.stderr).toBe(0);
    const line = JSON.parse(run.stdout.trim()) as FullLine;
    expect(line.mode).toBe('full');
    expect(line.testModels).toBe(true);
    expect(line.candidates.map((c) => c.source)).toEqual(['direct', 'refined-5', 'refined-10', 'refined-15', 'retrieval']);
    expect(line.answers.map((a) => a.purpose)).toEqual(['direct', 'refined-5', 'refined-10', 'refined-15']);
    for (const candidate of line.candidates) {
      if (candidate.ok) expect(candidate.similarity).not.toBeNull();
      else expect([candidate.lat, candidate.reason === null]).toEqual([null, false]);
    }
    const retrieval = line.candidates.find((c) => c.source === 'retrieval')!;
    expect(retrieval.ok).toBe(true);
    expect(line.final).not.toBeNull();
    expect(line.final!.place.length).toBeGreaterThan(0);
    expect(typeof line.cues.reply).toBe('string');
    for (const stage of ['encode', 'retrieve', 'cues', 'cluemap', 'reason', 'refine', 'select']) expect(line.ms[stage], stage).toBeGreaterThanOrEqual(0);
  });

  it('uses the user\'s cues for the cluemap command instead of the model, and the model when none are given', () => {
    const cues = join(dir, 'cues.txt');
    writeFileSync(cues, '(Street sign, blue plate)\nYellow number plates\n(Bollards, green posts)\n');
    const given = cli('cluemap', photo, '--models', MODELS, '--cues', cues, '--json');
    expect(given.code, given.stderr).toBe(0);
    expect((JSON.parse(given.stdout) as { cues: unknown[] }).cues).toHaveLength(3);
    const asked = cli('cluemap', photo, '--models', MODELS, '--tokens', '24', '--json');
    // The tiny model's noise may hold no usable cue at all; then the command says so in one line.
    if (asked.code === 0) expect(Array.isArray((JSON.parse(asked.stdout) as { cues: unknown[] }).cues)).toBe(true);
    else expect(isOneLineError(asked)).toBe(true);
  });

  it('refuses a bad mode or token count with one line', () => {
    const mode = cli('locate', photo, '--models', MODELS, '--index', index, '--mode', 'slow');
    expect(mode.code).toBe(2);
    expect(isOneLineError(mode)).toBe(true);
    const tokens = cli('locate', photo, '--models', MODELS, '--index', index, '--mode', 'full', '--tokens', '3');
    expect(tokens.code).toBe(2);
    expect(isOneLineError(tokens)).toBe(true);
  });
});
