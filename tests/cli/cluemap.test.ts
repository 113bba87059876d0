import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODELS, cli, isOneLineError, scratch } from './run-cli';

let dir = '';
let photo = '';
let cues = '';

interface CluemapOutput {
  image: string;
  testModels: boolean;
  models: { clip: { id: string }; embedder: { id: string } };
  cues: { index: number; text: string; description: string; localConsistency: number; bestPatch: number; semanticCoherence: number; relationshipStrength: number }[];
  clueSets: { rank: number; primary: number; attached: number[] }[];
  text: string;
  explain?: { patches: { index: number; label: string; x: number; y: number; width: number; height: number }[]; cuePatch: number[][]; cueCue: number[][] };
}

beforeAll(async () => {
  dir = scratch();
  photo = join(dir, 'street.png');
  // Four differently coloured quadrants, so the patches differ.
  const quadrant = (r: number, g: number, b: number) => sharp({ create: { width: 80, height: 60, channels: 3, background: { r, g, b } } }).png().toBuffer();
  await sharp({ create: { width: 160, height: 120, channels: 3, background: '#000' } })
    .composite([
      { input: await quadrant(200, 40, 40), left: 0, top: 0 },
      { input: await quadrant(40, 200, 40), left: 80, top: 0 },
      { input: await quadrant(40, 40, 200), left: 0, top: 60 },
      { input: await quadrant(220, 220, 60), left: 80, top: 60 },
    ])
    .png()
    .toFile(photo);
  cues = join(dir, 'cues.txt');
  writeFileSync(
    cues,
    ['Clock tower', '(Street sign, blue enamel plate with white letters)', '- Palm trees', '(Yellow taxi, a car with a lit roof sign)', 'Overcast sky', 'Tram lines'].join('\n'),
  );
});

describe('whereabouts cluemap', () => {
  it('builds the cluemap from a cues file and prints it as JSON', () => {
    const run = cli('cluemap', photo, '--models', MODELS, '--cues', cues, '--json');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as CluemapOutput;
    expect(out.testModels).toBe(true);
    expect(out.models).toMatchObject({ clip: { id: 'whereabouts/tiny-clip' }, embedder: { id: 'whereabouts/tiny-embedder' } });
    expect(out.cues.map((cue) => cue.text)).toEqual(['Clock tower', 'Street sign', 'Palm trees', 'Yellow taxi', 'Overcast sky', 'Tram lines']);
    expect(out.cues[1]!.description).toBe('blue enamel plate with white letters');
    expect(out.clueSets.map((set) => set.rank)).toEqual([1, 2, 3]);
    const placed = out.clueSets.flatMap((set) => [set.primary, ...set.attached]).sort();
    expect(placed).toEqual([0, 1, 2, 3, 4, 5]);
    for (const cue of out.cues) expect(cue.relationshipStrength).toBeCloseTo((cue.localConsistency + cue.semanticCoherence) / 2, 9);
    expect(out.text).toMatch(/^Clue set 1 \(most important\): /);
    expect(out.explain).toBeUndefined();
  });

  it('adds the patch boxes and both matrices with --explain', () => {
    const run = cli('cluemap', photo, '--models', MODELS, '--cues', cues, '--json', '--explain');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as CluemapOutput;
    expect(out.explain!.patches).toHaveLength(10);
    expect(out.explain!.patches[0]).toEqual({ index: 0, label: 'whole image', x: 0, y: 0, width: 160, height: 120 });
    expect(out.explain!.cuePatch).toHaveLength(6);
    expect(out.explain!.cuePatch.every((row) => row.length === 10)).toBe(true);
    expect(out.explain!.cueCue).toHaveLength(6);
    out.explain!.cueCue.forEach((row, i) => expect(row[i]).toBeCloseTo(1, 5));
    // Each cue's local consistency is its best patch's similarity.
    out.cues.forEach((cue, i) => expect(out.explain!.cuePatch[i]![cue.bestPatch]).toBeCloseTo(Math.max(...out.explain!.cuePatch[i]!), 5));
    // The quadrants differ, so the patches do too.
    expect(new Set(out.explain!.cuePatch[0]!.map((v) => v.toFixed(5))).size).toBeGreaterThan(1);
  });

  it('prints clue sets and scores for people without --json', () => {
    const run = cli('cluemap', photo, '--models', MODELS, '--cues', cues);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/test models/);
    expect(run.stdout).toMatch(/Clue set 3: /);
    expect(run.stdout).toMatch(/S_l/);
  });

  it('rejects bad input on one line', () => {
    writeFileSync(join(dir, 'blank.txt'), '\n  \n');
    writeFileSync(join(dir, 'text.jpg'), 'not a photo\n');
    const runs = [
      cli('cluemap', photo, '--models', MODELS, '--cues', join(dir, 'blank.txt')),
      cli('cluemap', photo, '--models', MODELS, '--cues', join(dir, 'missing.txt')),
      cli('cluemap', join(dir, 'text.jpg'), '--models', MODELS, '--cues', cues),
      cli('cluemap', '--models', MODELS, '--cues', cues),
      cli('cluemap', photo, '--cues', cues),
      cli('cluemap', photo, '--models', MODELS, '--cues', cues, '--clip', 'no-such-model'),
    ];
    for (const run of runs) expect(isOneLineError(run), run.stderr).toBe(true);
    expect(runs[0]!.stderr).toMatch(/holds no cues/);
    expect(runs[1]!.stderr).toMatch(/does not exist/);
    expect(runs[5]!.stderr).toMatch(/no-such-model/);
  });

  it('names a broken model file', () => {
    const models = join(dir, 'models');
    for (const id of ['whereabouts/tiny-clip', 'whereabouts/tiny-embedder']) {
      mkdirSync(join(models, id, 'onnx'), { recursive: true });
    }
    const copy = (path: string, bytes?: Uint8Array) => writeFileSync(join(models, path), bytes ?? readFileSync(join(MODELS, path)));
    for (const file of ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/vision_model.onnx']) copy(`whereabouts/tiny-clip/${file}`);
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) copy(`whereabouts/tiny-embedder/${file}`);
    const text = readFileSync(join(MODELS, 'whereabouts/tiny-clip/onnx/text_model.onnx'));
    copy('whereabouts/tiny-clip/onnx/text_model.onnx', text.subarray(0, text.length >> 1));
    const run = cli('cluemap', photo, '--models', models, '--cues', cues);
    expect(isOneLineError(run), run.stderr).toBe(true);
    expect(run.stderr).toContain('onnx/text_model.onnx');
  });
});
