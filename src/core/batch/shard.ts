// Splitting a long list of photos across machines, and putting their predictions back together.
//
// A row's shard is a hash of its name (the manifest's IMG_ID, or a photo's file name), taken
// modulo the number of shards. It depends on nothing else: not the row's position, not the other
// rows, not the machine. So every machine computes the same split from its own copy of the list,
// reordering the manifest or adding rows never moves an existing row to another shard, and a
// shard that is rerun (or resumed) does exactly the same photos. Hashing also spreads a folder
// whose names share a prefix evenly.
import type { LatLon } from '../geo/types';
import type { ImageLocation } from '../geo/metrics';

export interface Shard {
  /** 1-based: shard 1 of 3 is the first. */
  readonly index: number;
  readonly count: number;
}

export class ShardError extends Error {
  override name = 'ShardError';
}

/** Reads "K/N" (1 ≤ K ≤ N): the K-th of N shards. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new ShardError(`--shard is K/N with 1 ≤ K ≤ N (e.g. 2/8), not '${text}'`);
  }
  return { index, count };
}

/** The 1-based shard a name belongs to among `count` shards. */
export function shardOf(name: string, count: number): number {
  return (fnv1a(name) % count) + 1;
}

/** The items of one shard, in their original order. */
export function selectShard<T>(items: readonly T[], shard: Shard, nameOf: (item: T) => string): T[] {
  return items.filter((item) => shardOf(nameOf(item), shard.count) === shard.index);
}

export interface ShardPredictions {
  /** Where the predictions came from (a file name), for messages. */
  readonly source: string;
  readonly rows: readonly ImageLocation[];
}

/**
 * The predictions of several shards as one set. An image predicted by two shards means the
 * shards overlap (different --shard counts, or the same shard listed twice): that is an error
 * naming both sources, never silently one of the two.
 */
export function mergeShardPredictions(shards: readonly ShardPredictions[]): Map<string, LatLon> {
  const merged = new Map<string, LatLon>();
  const sourceOf = new Map<string, string>();
  for (const { source, rows } of shards) {
    for (const { id, lat, lon } of rows) {
      const earlier = sourceOf.get(id);
      if (earlier !== undefined) {
        throw new ShardError(`image "${id}" is predicted in both ${earlier} and ${source}; the shards overlap`);
      }
      sourceOf.set(id, source);
      merged.set(id, { lat, lon });
    }
  }
  return merged;
}

/** 32-bit FNV-1a over the name's UTF-8 bytes: small, fast and the same in every runtime. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** UTF-8 bytes by hand: src/core has no TextEncoder in its type environment. */
function* utf8(text: string): Generator<number> {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) yield code;
    else if (code < 0x800) yield* [0xc0 | (code >> 6), 0x80 | (code & 63)];
    else if (code < 0x10000) yield* [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)];
    else yield* [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)];
  }
}
