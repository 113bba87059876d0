// Model folders the user imported, kept in IndexedDB so they work offline. transformers.js
// reads them through its custom-cache hook: `match` answers for any URL that ends in
// "<model id>/<file>" of a stored file.
import { createStore, del, get, keys, set, values } from 'idb-keyval';
import { bestMatch, splitModelPath } from './folder-paths';

const store = createStore('whereabouts-model-files', 'files');

interface StoredFile {
  modelId: string;
  path: string;
  blob: Blob;
}

function stripRevision(url: string): string {
  // Hub URLs look like <host>/<model id>/resolve/<revision>/<file>.
  return url.replace(/\/resolve\/[^/]+\//, '/');
}

export async function importFiles(files: { relativePath: string; blob: Blob }[]): Promise<{ stored: number; models: string[] }> {
  const models = new Set<string>();
  let stored = 0;
  for (const file of files) {
    const split = splitModelPath(file.relativePath);
    if (!split) continue;
    const key = `${split.modelId}/${split.path}`;
    const record: StoredFile = { ...split, blob: file.blob };
    await set(key, record, store);
    models.add(split.modelId);
    stored++;
  }
  return { stored, models: [...models] };
}

export async function hasFile(modelId: string, path: string): Promise<boolean> {
  return (await keys<string>(store)).includes(`${modelId}/${path}`);
}

export const folderCache = {
  async match(request: string | Request): Promise<Response | undefined> {
    const url = stripRevision(typeof request === 'string' ? request : request.url);
    // Read on every call: the folder may have been imported from another thread since the last one.
    const key = bestMatch(url, await keys<string>(store));
    const file = key ? await get<StoredFile>(key, store) : undefined;
    return file ? new Response(file.blob, { headers: { 'Content-Length': String(file.blob.size) } }) : undefined;
  },
  async put(): Promise<void> {
    // Imported folders are read-only: nothing is ever downloaded into them.
  },
};

/** Imported files, grouped by the model folder name they were imported under. */
export async function importedModels(): Promise<{ modelId: string; files: number; bytes: number }[]> {
  const byModel = new Map<string, { modelId: string; files: number; bytes: number }>();
  for (const file of await values<StoredFile>(store)) {
    const model = byModel.get(file.modelId) ?? { modelId: file.modelId, files: 0, bytes: 0 };
    model.files++;
    model.bytes += file.blob.size;
    byModel.set(file.modelId, model);
  }
  return [...byModel.values()];
}

/** Deletes every imported file of one model folder. */
export async function deleteImported(modelId: string): Promise<number> {
  const doomed = (await keys<string>(store)).filter((key) => key.startsWith(`${modelId}/`));
  for (const key of doomed) await del(key, store);
  return doomed.length;
}
