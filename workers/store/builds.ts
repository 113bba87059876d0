// The state of an index build in progress, so that a reload resumes it instead of starting over.
// Each finished batch of location embeddings is stored under the build's key as soon as it is made.
import { createStore, delMany, get, keys, set } from 'idb-keyval';
import { isQuotaError } from '../lib/errors';
import { fullDiskError } from './indexes';

const store = createStore('whereabouts-builds', 'batches');

const batchKey = (build: string, start: number) => `batch:${build}:${start}`;

export async function savedBatches(build: string): Promise<{ start: number; rows: Float32Array }[]> {
  const prefix = `batch:${build}:`;
  const found: { start: number; rows: Float32Array }[] = [];
  for (const key of (await keys<string>(store)).filter((k) => k.startsWith(prefix))) {
    const rows = await get<Float32Array>(key, store);
    if (rows) found.push({ start: Number(key.slice(prefix.length)), rows });
  }
  return found;
}

export async function saveBatch(build: string, start: number, rows: Float32Array): Promise<void> {
  try {
    await set(batchKey(build, start), rows, store);
  } catch (error) {
    if (isQuotaError(error)) {
      await forgetBuild(build);
      throw fullDiskError('the index being built');
    }
    throw error;
  }
}

export async function forgetBuild(build: string): Promise<void> {
  const prefix = `batch:${build}:`;
  await delMany((await keys<string>(store)).filter((k) => k.startsWith(prefix)), store);
}
