// Checksums of files on disk, read as a stream so that a 1 GB model never sits in memory.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { HubFile } from '../../../models/hub';

async function digest(path: string, algorithm: 'sha256' | 'sha1', prefix?: Buffer): Promise<string> {
  const hash = createHash(algorithm);
  if (prefix) hash.update(prefix);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256File(path: string): Promise<string> {
  return digest(path, 'sha256');
}

/** The id git gives a file's content: SHA-1 over "blob <size>\0" and the bytes. */
export function gitBlobId(path: string, size: number): Promise<string> {
  return digest(path, 'sha1', Buffer.from(`blob ${size}\0`));
}

/** Why a file on disk is not the one the hub describes, or null when it is. */
export async function mismatch(path: string, size: number, expected: HubFile): Promise<string | null> {
  if (size !== expected.size) return `it has ${size} bytes, the hub lists ${expected.size}`;
  if (expected.sha256) {
    const actual = await sha256File(path);
    if (actual !== expected.sha256) return `its SHA-256 is ${actual}, the hub lists ${expected.sha256}`;
  } else if (expected.gitOid) {
    const actual = await gitBlobId(path, size);
    if (actual !== expected.gitOid) return `its git blob id is ${actual}, the hub lists ${expected.gitOid}`;
  }
  return null;
}
