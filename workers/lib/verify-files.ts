// Checks model files before transformers.js loads them. A folder with a manifest
// (whereabouts-files.json, written by `npm run models:fetch` or the tiny-model generator) is
// checked exactly: every listed file's size and checksum. Without one, a file whose size the
// registry knows must be near it (the registry's sizes are rounded), which catches a truncated copy.
import { MANIFEST_NAME, parseManifest, type ManifestFile } from '../../models/manifest';
import type { ModelFile } from '../../models/registry';
import { parseConfig, withExternalData } from '../../models/external-data';
import { UserFacingError } from './errors';

/** Reads one file of the model folder; undefined when the folder does not have it. */
export type ReadModelFile = (path: string) => Promise<Response | undefined>;

/** The registry's sizes are rounded to about three digits; a real copy is always within this. */
const REGISTRY_TOLERANCE = 0.1;

/** Files checked in this worker already, by where they came from and their size. */
const verified = new Set<string>();

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function checksumMatches(bytes: Uint8Array, listed: ManifestFile): Promise<boolean> {
  if (listed.sha256) return hex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)) === listed.sha256;
  if (listed.gitOid) {
    const prefix = new TextEncoder().encode(`blob ${bytes.length}\0`);
    const whole = new Uint8Array(prefix.length + bytes.length);
    whole.set(prefix);
    whole.set(bytes, prefix.length);
    return hex(await crypto.subtle.digest('SHA-1', whole)) === listed.gitOid;
  }
  return true;
}

function sizeError(path: string, actual: number, expected: number, where: string): UserFacingError {
  return new UserFacingError(
    'model-size',
    `The model file ${path} has ${actual.toLocaleString('en')} bytes, but ${where} lists ${expected.toLocaleString('en')}: it is truncated or was replaced. Put a whole copy in place and try again.`,
  );
}

async function lengthOf(response: Response): Promise<number> {
  const header = Number(response.headers.get('content-length'));
  if (Number.isFinite(header) && header > 0) {
    await response.body?.cancel();
    return header;
  }
  return (await response.blob()).size;
}

/** Throws a UserFacingError ('model-size' or 'model-checksum') for the first file that fails. */
export async function verifyModelFiles(key: string, files: readonly ModelFile[], read: ReadModelFile): Promise<void> {
  const manifestResponse = await read(MANIFEST_NAME);
  const manifest = manifestResponse?.ok ? parseManifest(await manifestResponse.text()) : null;
  // External data files (config.json's use_external_data_format) are checked like the graphs.
  const configResponse = await read('config.json');
  const config = configResponse?.ok ? parseConfig(await configResponse.text()) : null;
  for (const file of withExternalData(files, config)) {
    const listed = manifest?.files.find((f) => f.path === file.path);
    if (!listed && file.bytes === undefined) continue;
    const memo = `${key}/${file.path}:${listed?.sha256 ?? listed?.gitOid ?? file.bytes}`;
    if (verified.has(memo)) continue;
    const response = await read(file.path);
    // A missing file is left to the loader, which says where it looked.
    if (!response?.ok) {
      await response?.body?.cancel();
      continue;
    }
    if (listed) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.length !== listed.size) throw sizeError(file.path, bytes.length, listed.size, MANIFEST_NAME);
      if (!(await checksumMatches(bytes, listed))) {
        throw new UserFacingError(
          'model-checksum',
          `The model file ${file.path} does not match the checksum in ${MANIFEST_NAME}: it is damaged or was replaced. Put a whole copy in place and try again.`,
        );
      }
    } else {
      const size = await lengthOf(response);
      const expected = file.bytes!;
      if (Math.abs(size - expected) > expected * REGISTRY_TOLERANCE) throw sizeError(file.path, size, expected, 'the model registry');
    }
    verified.add(memo);
  }
}
