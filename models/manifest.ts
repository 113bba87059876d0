// The file list that `npm run models:fetch` writes beside each model it downloads
// (<models dir>/<hub id>/whereabouts-files.json): every file with its size and the checksum the
// hub gave for it. The app reads it to check a self-hosted or imported folder before using it.
import { jsonObject } from '../src/core/text/json-object';

export const MANIFEST_NAME = 'whereabouts-files.json';

export interface ManifestFile {
  path: string;
  size: number;
  /** SHA-256 (hex) of the content. */
  sha256?: string;
  /** Git blob id (hex SHA-1 of "blob <size>\0<content>"), for small files the hub keeps in git. */
  gitOid?: string;
}

export interface ModelManifest {
  id: string;
  revision: string;
  /** The hub the files came from. */
  host: string;
  files: ManifestFile[];
}

const HEX = /^[0-9a-f]+$/;

/** Reads a manifest, keeping only well-formed file records; null when the text is not one. */
export function parseManifest(text: string): ModelManifest | null {
  const r = jsonObject(text);
  if (!r) return null;
  if (typeof r.id !== 'string' || typeof r.revision !== 'string' || !Array.isArray(r.files)) return null;
  const files: ManifestFile[] = [];
  for (const item of r.files as Record<string, unknown>[]) {
    if (!item || typeof item.path !== 'string' || typeof item.size !== 'number' || !(item.size >= 0)) continue;
    const file: ManifestFile = { path: item.path, size: item.size };
    if (typeof item.sha256 === 'string' && item.sha256.length === 64 && HEX.test(item.sha256)) file.sha256 = item.sha256;
    if (typeof item.gitOid === 'string' && item.gitOid.length === 40 && HEX.test(item.gitOid)) file.gitOid = item.gitOid;
    files.push(file);
  }
  return { id: r.id, revision: r.revision, host: typeof r.host === 'string' ? r.host : '', files };
}
