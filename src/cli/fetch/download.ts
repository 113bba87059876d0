// One file from the hub to disk: written to "<target>.part", resumed with an HTTP Range request
// when a part is already there, and moved into place only once its size and checksum match what
// the hub lists. A file that does not match is deleted, never kept under its real name.
import { existsSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { mismatch } from './checksum';
import type { HubFile } from '../../../models/hub';

export class ChecksumError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChecksumError';
  }
}

export interface DownloadOptions {
  url: string;
  target: string;
  expected: HubFile;
  onProgress?: (loaded: number, total: number) => void;
  fetchImpl?: typeof fetch;
}

export interface DownloadResult {
  /** Bytes that were already in the .part file and were not fetched again. */
  resumedFrom: number;
}

function partSize(part: string): number {
  return existsSync(part) ? statSync(part).size : 0;
}

/** The first byte a 206 answer carries, from `Content-Range: bytes START-END/TOTAL`. */
function rangeStart(header: string | null): number | null {
  const match = header ? /^bytes (\d+)-/.exec(header) : null;
  return match ? Number(match[1]) : null;
}

export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const { url, target, expected, onProgress, fetchImpl = fetch } = options;
  const part = `${target}.part`;
  await mkdir(dirname(target), { recursive: true });

  let have = partSize(part);
  if (have > expected.size) {
    await rm(part, { force: true });
    have = 0;
  }
  let resumedFrom = 0;
  if (have < expected.size) {
    const response = await fetchImpl(url, have > 0 ? { headers: { range: `bytes=${have}-` } } : {});
    let append = false;
    if (response.status === 206 && rangeStart(response.headers.get('content-range')) === have) {
      append = true;
      resumedFrom = have;
    } else if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status} for ${url}`);
    }
    if (!response.body) throw new Error(`no content for ${url}`);
    // A server that ignores Range answers 200 with the whole file: start the part again.
    const handle = await open(part, append ? 'a' : 'w');
    let loaded = append ? have : 0;
    try {
      onProgress?.(loaded, expected.size);
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        await handle.write(chunk);
        loaded += chunk.byteLength;
        onProgress?.(loaded, expected.size);
      }
    } finally {
      await handle.close();
    }
  }

  const why = await mismatch(part, partSize(part), expected);
  if (why) {
    await rm(part, { force: true });
    throw new ChecksumError(`refused ${expected.path}: ${why}; the download was deleted`);
  }
  await rename(part, target);
  return { resumedFrom };
}
