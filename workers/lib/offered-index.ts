// Fetching the coordinate index offered beside a model: its manifest first, then the file with
// progress, checked against the manifest's size and SHA-256 before anything is stored.
import type { DownloadProgress, LoadedModel } from '../../src/bridge/types';
import { downloadMismatch, offerMismatch, parseOfferedIndex } from '../../src/core/retrieve/offered-index';
import { throwIfAborted } from './errors';
import { folderCache } from '../store/model-folder';

export type FetchedOffer = { status: 'none'; reason: string } | { status: 'refused'; reason: string } | { status: 'fetched'; bytes: Uint8Array };

async function get(url: string, fromFolder: boolean, signal: AbortSignal): Promise<Response> {
  if (fromFolder) {
    const kept = await folderCache.match(url);
    if (kept) return kept;
    return new Response(null, { status: 404 });
  }
  return fetch(url, { signal, cache: 'no-store' });
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function fetchOfferedIndex(
  model: LoadedModel,
  manifestUrl: string,
  fromFolder: boolean,
  onProgress: (p: DownloadProgress) => void,
  signal: AbortSignal,
): Promise<FetchedOffer> {
  const base = new URL(manifestUrl, self.location.origin);
  let response: Response;
  try {
    response = await get(base.href, fromFolder, signal);
  } catch (error) {
    throwIfAborted(signal);
    return { status: 'none', reason: `its manifest could not be fetched (${(error as Error).message})` };
  }
  const name = base.pathname.split('/').pop();
  if (!response.ok) return { status: 'none', reason: `the model source has no ${name} (HTTP ${response.status})` };
  // A static server that answers every unknown path with the app's page has no index either.
  if ((response.headers.get('Content-Type') ?? '').includes('text/html')) return { status: 'none', reason: `the model source has no ${name}` };
  const offer = parseOfferedIndex(await response.text());
  if (!offer) return { status: 'refused', reason: 'its manifest is not a coordinate index manifest' };
  const misfit = offerMismatch(offer, model);
  if (misfit) return { status: 'refused', reason: misfit };

  const fileUrl = new URL(offer.file, base).href;
  let file: Response;
  try {
    file = await get(fileUrl, fromFolder, signal);
  } catch (error) {
    throwIfAborted(signal);
    return { status: 'refused', reason: `the index file could not be fetched (${(error as Error).message})` };
  }
  if (!file.ok || !file.body) return { status: 'refused', reason: `the index file is missing (HTTP ${file.status})` };
  // Read at most one byte past the promised size: a larger file is refused without filling memory.
  const bytes = new Uint8Array(offer.size + 1);
  let loaded = 0;
  const reader = file.body.getReader();
  onProgress({ loaded, total: offer.size });
  for (;;) {
    throwIfAborted(signal);
    const { done, value } = await reader.read();
    if (done) break;
    const room = bytes.length - loaded;
    bytes.set(value.subarray(0, room), loaded);
    loaded += Math.min(value.length, room);
    onProgress({ loaded: Math.min(loaded, offer.size), total: offer.size });
    if (value.length > room) {
      await reader.cancel().catch(() => undefined);
      return { status: 'refused', reason: `it is larger than the ${offer.size.toLocaleString('en')} bytes its manifest says` };
    }
  }
  const body = bytes.subarray(0, loaded);
  const problem = downloadMismatch(offer, loaded, loaded === offer.size ? hex(await crypto.subtle.digest('SHA-256', body)) : '');
  if (problem) return { status: 'refused', reason: problem };
  return { status: 'fetched', bytes: body.slice() };
}
