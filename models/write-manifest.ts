// Writes whereabouts-files.json for a model folder on disk, describing the files as they are
// (size and SHA-256). Used for the generated tiny models; models:fetch writes the hub's values instead.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MANIFEST_NAME, type ModelManifest } from './manifest';
import { OFFERED_INDEX_FILE, OFFERED_INDEX_MANIFEST } from '../src/core/retrieve/offered-index';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

export function writeManifest(modelsDir: string, id: string, revision: string, host: string): ModelManifest {
  const folder = join(modelsDir, ...id.split('/'));
  const files = walk(folder)
    .map((full) => ({ full, path: relative(folder, full).split('\\').join('/') }))
    .filter(({ path }) => path !== MANIFEST_NAME && !path.endsWith('.part') && path !== OFFERED_INDEX_FILE && path !== OFFERED_INDEX_MANIFEST)
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(({ full, path }) => {
      const bytes = readFileSync(full);
      return { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    });
  const manifest: ModelManifest = { id, revision, host, files };
  writeFileSync(join(folder, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
