import { describe, expect, it } from 'vitest';
import { mergeShardPredictions, parseShard, selectShard, shardOf, ShardError } from '../../../src/core/batch/shard';

const names = Array.from({ length: 2000 }, (_, i) => `IMG_${String(i).padStart(5, '0')}.jpg`);

describe('parseShard', () => {
  it('reads K/N with 1 ≤ K ≤ N', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard(' 3 / 8 ')).toEqual({ index: 3, count: 8 });
  });

  it.each(['0/3', '4/3', '1/0', '2', 'a/b', '-1/3', '1.5/3', ''])('refuses %j with a message saying how to write it', (text) => {
    expect(() => parseShard(text)).toThrow(ShardError);
    expect(() => parseShard(text)).toThrow(/K\/N with 1 ≤ K ≤ N/);
  });
});

describe('shards', () => {
  it.each([1, 2, 3, 7, 16])('split %i ways put every name in exactly one shard', (count) => {
    const shards = Array.from({ length: count }, (_, i) => selectShard(names, { index: i + 1, count }, (name) => name));
    expect(shards.flat().sort()).toEqual([...names].sort());
    expect(new Set(shards.flat()).size).toBe(names.length);
  });

  it('are roughly even', () => {
    const sizes = Array.from({ length: 8 }, (_, i) => selectShard(names, { index: i + 1, count: 8 }, (name) => name).length);
    for (const size of sizes) expect(Math.abs(size - names.length / 8)).toBeLessThan(names.length / 8 / 4);
  });

  it('depend on the name only: reordering or adding rows moves no existing row', () => {
    const before = new Map(names.map((name) => [name, shardOf(name, 5)]));
    const reordered = [...names].reverse().concat(['new-photo.heic', 'another.jpg']);
    for (const name of reordered.filter((name) => before.has(name))) expect(shardOf(name, 5)).toBe(before.get(name));
    const kept = selectShard(reordered, { index: 2, count: 5 }, (name) => name).filter((name) => before.has(name));
    expect(new Set(kept)).toEqual(new Set(selectShard(names, { index: 2, count: 5 }, (name) => name)));
  });

  it('use a fixed hash (FNV-1a of the UTF-8 name), the same on every machine', () => {
    // FNV-1a("a") = 0xe40c292c; 0xe40c292c % 7 = 3, so shard 4 of 7.
    expect(shardOf('a', 7)).toBe((0xe40c292c % 7) + 1);
    expect(shardOf('Zürich 東京.jpg', 1)).toBe(1);
    // FNV-1a over the UTF-8 bytes, computed here with Node's own encoder.
    const reference = (name: string) => [...Buffer.from(name, 'utf8')].reduce((hash, byte) => Math.imul(hash ^ byte, 0x01000193) >>> 0, 0x811c9dc5);
    for (const name of ['Zürich 東京.jpg', 'IMG_0001.HEIC', '😀.png', 'ĳ']) expect(shardOf(name, 1009)).toBe((reference(name) % 1009) + 1);
  });
});

describe('mergeShardPredictions', () => {
  it('joins the shards into one set', () => {
    const merged = mergeShardPredictions([
      { source: 'a.csv', rows: [{ id: 'x', lat: 1, lon: 2 }] },
      { source: 'b.csv', rows: [{ id: 'y', lat: 3, lon: 4 }] },
    ]);
    expect([...merged]).toEqual([
      ['x', { lat: 1, lon: 2 }],
      ['y', { lat: 3, lon: 4 }],
    ]);
  });

  it('refuses shards that overlap, naming both files', () => {
    const overlap = () =>
      mergeShardPredictions([
        { source: 'shard-1.csv', rows: [{ id: 'x', lat: 1, lon: 2 }] },
        { source: 'shard-2.csv', rows: [{ id: 'x', lat: 1, lon: 2 }] },
      ]);
    expect(overlap).toThrow(/"x" is predicted in both shard-1\.csv and shard-2\.csv/);
  });
});
