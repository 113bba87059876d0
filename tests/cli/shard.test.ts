// Splitting an eval across machines: the shards partition the manifest, and their merged
// predictions give the same report as one machine doing it all.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_GALLERY, MODELS, TINY, cli, isOneLineError, scratch } from './run-cli';

let dir = '';
let index = '';
let manifest = '';
const IDS = ['harbour.jpg', 'desert.jpg', 'forest.png', 'street.jpg', 'snow.jpg', 'market.png', 'ghost.jpg'];

beforeAll(async () => {
  dir = scratch();
  index = join(dir, 'tiny.wbx');
  expect(cli('index', 'build', '--coords', LOCAL_GALLERY, '--model', TINY, '--out', index).code).toBe(0);
  mkdirSync(join(dir, 'images'));
  // Six photos (ghost.jpg has none, so it is counted as missing), each a different colour.
  for (const [i, id] of IDS.slice(0, -1).entries()) {
    const image = sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 40 * i, g: 255 - 30 * i, b: (70 * i) % 256 } } });
    await (id.endsWith('.png') ? image.png() : image.jpeg()).toFile(join(dir, 'images', id));
  }
  manifest = join(dir, 'manifest.csv');
  const rows = IDS.map((id, i) => `${id},${(i * 23) % 90 - 40},${(i * 71) % 360 - 180}`);
  writeFileSync(manifest, `IMG_ID,LAT,LON\n${rows.join('\n')}\n`);
}, 120_000);

function evaluate(...extra: string[]) {
  return cli('eval', manifest, '--images', join(dir, 'images'), '--models', MODELS, '--index', index, '--json', ...extra);
}

function predictedIds(file: string): string[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line.split(',')[0]!) as string);
}

describe('whereabouts eval --shard and --merge', () => {
  it('splits the manifest into shards that hold each row exactly once, and merges them into the single-machine report', () => {
    const single = evaluate('--out', join(dir, 'single.csv'));
    expect(single.code, single.stderr).toBe(0);

    const shardFiles = [1, 2, 3].map((k) => join(dir, `shard-${k}.csv`));
    const shardRuns = shardFiles.map((file, i) => evaluate('--shard', `${i + 1}/3`, '--out', file));
    const counts = shardRuns.map((run) => {
      expect(run.code, run.stderr).toBe(0);
      const [, mine, all] = /shard \d\/3: (\d+) of (\d+) images/.exec(run.stderr)!;
      expect(Number(all)).toBe(IDS.length);
      return Number(mine);
    });
    // Every manifest row in exactly one shard: the photo-less one included (reported missing once).
    expect(counts.reduce((a, b) => a + b)).toBe(IDS.length);
    expect(shardRuns.filter((run) => /no image file for ghost\.jpg/.test(run.stderr))).toHaveLength(1);
    const predicted = shardFiles.flatMap(predictedIds);
    expect([...predicted].sort()).toEqual(IDS.slice(0, -1).sort());
    expect(new Set(predicted).size).toBe(predicted.length);
    // Each shard's rows are predicted exactly as on one machine.
    const singleRows = new Set(readFileSync(join(dir, 'single.csv'), 'utf8').trim().split('\n').slice(1));
    for (const file of shardFiles) for (const row of readFileSync(file, 'utf8').trim().split('\n').slice(1)) expect(singleRows).toContain(row);

    const merged = cli('eval', manifest, '--merge', ...shardFiles, '--json');
    expect(merged.code, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(single.stdout));
    expect(JSON.parse(merged.stdout)).toMatchObject({ matched: 6, missing: 1, extra: 0 });
  });

  it('splits the images of locate the same way', () => {
    const images = IDS.slice(0, -1).map((id) => join(dir, 'images', id));
    const runs = [1, 2].map((k) => cli('locate', ...images, '--models', MODELS, '--index', index, '--shard', `${k}/2`, '--json'));
    const located = runs.flatMap((run) => {
      expect(run.code, run.stderr).toBe(0);
      return run.stdout.trim().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { image: string }).image);
    });
    expect([...located].sort()).toEqual([...images].sort());
  });

  it('refuses overlapping shards and a malformed --shard on one line', () => {
    const overlap = cli('eval', manifest, '--merge', join(dir, 'single.csv'), join(dir, 'shard-1.csv'));
    expect(overlap.code).toBe(2);
    expect(isOneLineError(overlap), overlap.stderr).toBe(true);
    expect(overlap.stderr).toMatch(/predicted in both .*single\.csv and .*shard-1\.csv; the shards overlap/);
    for (const bad of ['4/3', 'two']) {
      const run = evaluate('--shard', bad);
      expect(run.code).toBe(2);
      expect(isOneLineError(run), run.stderr).toBe(true);
      expect(run.stderr).toMatch(/--shard is K\/N/);
    }
  });
});
