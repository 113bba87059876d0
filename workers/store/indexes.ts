// Coordinate indexes in IndexedDB. An index is written as fixed-size chunks and then one
// manifest record; the manifest is the commit point, so a write that fails half way (a full disk)
// leaves no listed index, and its orphan chunks are removed.
import { createStore, del, entries, get, set, delMany, keys } from 'idb-keyval';
import type { IndexInfo } from '../../src/bridge/types';
import { UserFacingError, isQuotaError } from '../lib/errors';

const store = createStore('whereabouts-indexes', 'chunks');
const CHUNK_BYTES = 8 * 1024 * 1024;

interface Manifest {
  info: IndexInfo;
  chunks: number;
}

const manifestKey = (key: string) => `manifest:${key}`;
const chunkKey = (key: string, n: number) => `chunk:${key}:${n}`;

export function fullDiskError(what: string): UserFacingError {
  return new UserFacingError(
    'disk-full',
    `There is not enough storage space to keep ${what}. Free some space (for example delete an old index in Settings) and try again.`,
  );
}

export async function saveIndex(info: IndexInfo, bytes: Uint8Array): Promise<void> {
  await deleteIndex(info.key);
  const count = Math.ceil(bytes.byteLength / CHUNK_BYTES);
  const written: string[] = [];
  try {
    for (let n = 0; n < count; n++) {
      const key = chunkKey(info.key, n);
      // A copy, so each record owns a buffer of its own size.
      await set(key, bytes.slice(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES), store);
      written.push(key);
    }
    const manifest: Manifest = { info, chunks: count };
    await set(manifestKey(info.key), manifest, store);
  } catch (error) {
    await delMany(written, store).catch(() => undefined);
    if (isQuotaError(error)) throw fullDiskError('the coordinate index');
    throw error;
  }
}

export async function loadIndexBytes(key: string): Promise<{ info: IndexInfo; bytes: Uint8Array } | null> {
  const manifest = await get<Manifest>(manifestKey(key), store);
  if (!manifest) return null;
  const parts: Uint8Array[] = [];
  for (let n = 0; n < manifest.chunks; n++) {
    const part = await get<Uint8Array>(chunkKey(key, n), store);
    if (!part) {
      throw new UserFacingError('index-damaged', `The stored index "${manifest.info.encoderId}" is incomplete. Delete it and build it again.`);
    }
    parts.push(part);
  }
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { info: manifest.info, bytes };
}

export async function listIndexes(): Promise<IndexInfo[]> {
  const all = await entries<string, unknown>(store);
  const manifests = all.filter(([k]) => k.startsWith('manifest:')).map(([, v]) => v as Manifest);
  const live = new Set(manifests.map((m) => m.info.key));
  const orphans = all
    .map(([k]) => k)
    .filter((k) => k.startsWith('chunk:') && !live.has(k.slice('chunk:'.length, k.lastIndexOf(':'))));
  if (orphans.length > 0) await delMany(orphans, store);
  return manifests.map((m) => m.info);
}

export async function deleteIndex(key: string): Promise<void> {
  await del(manifestKey(key), store);
  const prefix = `chunk:${key}:`;
  const chunkKeys = (await keys<string>(store)).filter((k) => k.startsWith(prefix));
  await delMany(chunkKeys, store);
}

/** Keys of the stored indexes whose key starts with `prefix`, read without loading any chunk. */
export async function indexKeysStartingWith(prefix: string): Promise<string[]> {
  const start = manifestKey(prefix);
  return (await keys<string>(store)).filter((k) => k.startsWith(start)).map((k) => k.slice('manifest:'.length)).sort();
}
