// A coordinate index offered beside a model (written by `models:fetch` or `models:tiny`, fetched by
// the app on first use): the index file and a small manifest saying what it is and how to check it.
import { jsonObject } from '../text/json-object';
import { indexFacts, type IndexFacts } from './index-facts';
import type { CoordinateIndex } from './types';

/** File names inside the model folder (<models>/<hub id>/…). */
export const OFFERED_INDEX_MANIFEST = 'whereabouts-index.json';
export const OFFERED_INDEX_FILE = 'whereabouts-index.wbx';

export interface OfferedIndex extends IndexFacts {
  /** The index file, relative to the manifest. */
  file: string;
  size: number;
  /** SHA-256 (hex) of the index file. */
  sha256: string;
}

export function describeOfferedIndex(index: CoordinateIndex, size: number, sha256: string): OfferedIndex {
  return { file: OFFERED_INDEX_FILE, size, sha256, ...indexFacts(index) };
}

const HEX64 = /^[0-9a-f]{64}$/;
const SAFE_FILE = /^[\w.-]+\.wbx$/;

/** Reads an offered-index manifest; null when the text is not one. */
export function parseOfferedIndex(text: string): OfferedIndex | null {
  const r = jsonObject(text);
  if (!r) return null;
  const strings = ['file', 'sha256', 'encoderId', 'encoderRevision', 'gallerySource', 'element', 'createdAt'] as const;
  const numbers = ['size', 'count', 'dim'] as const;
  if (strings.some((k) => typeof r[k] !== 'string') || numbers.some((k) => typeof r[k] !== 'number' || !Number.isInteger(r[k]) || (r[k] as number) < 0)) return null;
  if (!HEX64.test(r.sha256 as string) || !SAFE_FILE.test(r.file as string) || (r.element !== 'int8' && r.element !== 'fp16')) return null;
  return Object.fromEntries([...strings, ...numbers].map((k) => [k, r[k]])) as unknown as OfferedIndex;
}

/** Why an offered index cannot serve this encoder, or null when its manifest fits. */
export function offerMismatch(offer: OfferedIndex, encoder: { id: string; revision: string; dim: number }): string | null {
  if (offer.encoderId !== encoder.id || offer.encoderRevision !== encoder.revision) {
    return `it was built by "${offer.encoderId}" (revision ${offer.encoderRevision}), not by the loaded "${encoder.id}" (revision ${encoder.revision})`;
  }
  if (offer.dim !== encoder.dim) return `it has ${offer.dim}-dimensional embeddings but the encoder makes ${encoder.dim}`;
  return null;
}

/** Why downloaded bytes are not the offered file, or null when size and checksum match. */
export function downloadMismatch(offer: OfferedIndex, size: number, sha256: string): string | null {
  if (size !== offer.size) return `it is ${size.toLocaleString('en')} bytes, but its manifest says ${offer.size.toLocaleString('en')}`;
  if (sha256 !== offer.sha256) return 'its SHA-256 checksum does not match its manifest';
  return null;
}
