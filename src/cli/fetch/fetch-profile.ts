// Downloads every file of a model profile from a Hugging Face-style hub into <out>/<hub id>/, the
// layout the app's own /models/ folder uses, so a team can copy one folder to an offline laptop.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_VARIANTS, PROFILES, findProfile, planProfile, type DeviceVariant, type Profile } from '../../../models/profiles';
import { MANIFEST_NAME, type ModelManifest } from '../../../models/manifest';
import { mismatch } from './checksum';
import { downloadFile } from './download';
import { fetchTree, resolveUrl } from '../../../models/hub';
import { findEntry, type RegistryEntry } from '../../../models/registry';
import { parseConfig, withExternalData } from '../../../models/external-data';
import { OFFERED_INDEX_MANIFEST, downloadMismatch, parseOfferedIndex } from '../../core/retrieve/offered-index';
import { writeOfferedIndex } from '../offer-index';

const USAGE = `usage: npm run models:fetch -- --profile ${PROFILES.map((p) => p.name).join('|')} | --model KEY [--host URL] [--out DIR] [--device wasm|webgpu|webgpu-f16] [--gallery FILE.csv] [--no-index]`;
const DEFAULT_GALLERY = 'public/gallery/coordinates_100K.csv';

/** True when the folder already offers an index of this model that matches its manifest. */
function offeredIndexIsCurrent(folder: string, entry: RegistryEntry): boolean {
  const manifestPath = join(folder, OFFERED_INDEX_MANIFEST);
  if (!existsSync(manifestPath)) return false;
  const offer = parseOfferedIndex(readFileSync(manifestPath, 'utf8'));
  if (!offer || offer.encoderId !== entry.id || offer.encoderRevision !== entry.revision) return false;
  const file = join(folder, offer.file);
  if (!existsSync(file)) return false;
  const bytes = readFileSync(file);
  return downloadMismatch(offer, bytes.byteLength, createHash('sha256').update(bytes).digest('hex')) === null;
}
const DEFAULT_HOST = 'https://huggingface.co/';

function size(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

function progressLine(path: string): (loaded: number, total: number) => void {
  if (!process.stderr.isTTY) return () => undefined;
  let last = -1;
  return (loaded, total) => {
    const percent = total > 0 ? Math.floor((loaded / total) * 100) : 100;
    if (percent === last) return;
    last = percent;
    process.stderr.write(`\r  ${path}  ${size(loaded)} / ${size(total)}  ${percent}%\x1b[K`);
  };
}

export async function fetchProfile(argv: string[], log: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      profile: { type: 'string' },
      model: { type: 'string' },
      host: { type: 'string' },
      out: { type: 'string' },
      device: { type: 'string' },
      gallery: { type: 'string' },
      'no-index': { type: 'boolean' },
    },
    strict: true,
  });
  // One registry model instead of a profile: --model KEY.
  const single = values.model ? findEntry(values.model) : undefined;
  if (values.model && !single) throw new Error(`there is no model "${values.model}" in the registry\n${USAGE}`);
  const profile: Profile | undefined = single
    ? { name: 'test', label: single.key, note: single.purpose, keys: [single.key] }
    : values.profile
      ? findProfile(values.profile)
      : undefined;
  if (!profile) throw new Error(values.profile ? `there is no profile "${values.profile}"\n${USAGE}` : USAGE);
  const device = values.device as DeviceVariant | undefined;
  if (device && !ALL_VARIANTS.includes(device)) throw new Error(`unknown device "${device}"\n${USAGE}`);
  const host = values.host ?? DEFAULT_HOST;
  const out = values.out ?? 'public/models';

  const plan = planProfile(profile, device ? [device] : ALL_VARIANTS);
  if (plan.missing.length > 0) {
    const list = plan.missing.join(', ');
    // The test profile lists tiny models that other parts of the project may not generate yet.
    if (profile.name !== 'test') throw new Error(`the registry has no entry for ${list}; profile "${profile.name}" cannot be fetched`);
    log(`skipping ${list}: not in the registry`);
  }
  log(`profile ${profile.name}: ${plan.models.length} models, about ${size(plan.bytes)} from ${host} into ${out}`);

  const failures: string[] = [];
  for (const { entry, files } of plan.models) {
    log(`${entry.id}@${entry.revision}`);
    let tree;
    try {
      tree = await fetchTree(host, entry.id, entry.revision);
    } catch (error) {
      failures.push(`${entry.id}: ${(error as Error).message}`);
      log(`  failed: ${(error as Error).message}`);
      continue;
    }
    const manifest: ModelManifest = { id: entry.id, revision: entry.revision, host, files: [] };
    // Graphs that keep their weights in external data files (declared in config.json) need those too.
    // Config files come first in `files`, so config.json is on disk before the graphs are reached.
    const queue = [...files];
    let extended = false;
    for (let i = 0; i < queue.length; i++) {
      const file = queue[i]!;
      if (!extended && file.path.endsWith('.onnx')) {
        extended = true;
        const configPath = join(out, ...entry.id.split('/'), 'config.json');
        const config = existsSync(configPath) ? parseConfig(readFileSync(configPath, 'utf8')) : null;
        queue.push(...withExternalData(files, config).slice(files.length));
      }
      const expected = tree.get(file.path);
      if (!expected) {
        failures.push(`${entry.id}/${file.path}: not listed by the hub`);
        log(`  ${file.path}  not listed by the hub`);
        continue;
      }
      const target = join(out, ...entry.id.split('/'), ...file.path.split('/'));
      try {
        if (existsSync(target) && !(await mismatch(target, statSync(target).size, expected))) {
          log(`  ${file.path}  ${size(expected.size)}  already here, checked`);
        } else {
          const { resumedFrom } = await downloadFile({
            url: resolveUrl(host, entry.id, entry.revision, file.path),
            target,
            expected,
            onProgress: progressLine(file.path),
          });
          if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
          log(`  ${file.path}  ${size(expected.size)}  checked${resumedFrom > 0 ? ` (resumed after ${size(resumedFrom)})` : ''}`);
        }
        manifest.files.push(expected);
      } catch (error) {
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        failures.push(`${entry.id}/${file.path}: ${(error as Error).message}`);
        log(`  ${file.path}  failed: ${(error as Error).message}`);
      }
    }
    const folder = join(out, ...entry.id.split('/'));
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
    // GeoCLIP's coordinate index, built here once so the app downloads it instead of encoding
    // the whole gallery on every device.
    const complete = manifest.files.length === queue.length;
    if (entry.kind === 'geoclip' && complete && !values['no-index']) {
      try {
        if (offeredIndexIsCurrent(folder, entry)) {
          log(`  ${OFFERED_INDEX_MANIFEST}  coordinate index already here, checked`);
        } else {
          const offer = await writeOfferedIndex(folder, { coords: values.gallery ?? DEFAULT_GALLERY });
          log(`  ${OFFERED_INDEX_MANIFEST}  coordinate index built: ${offer.count} places, ${size(offer.size)}`);
        }
      } catch (error) {
        failures.push(`${entry.id}: the coordinate index could not be built: ${(error as Error).message}`);
        log(`  coordinate index failed: ${(error as Error).message}`);
      }
    }
  }
  if (failures.length > 0) {
    log(`${failures.length} file(s) failed; run the same command again to resume:`);
    for (const failure of failures) log(`  ${failure}`);
    return 1;
  }
  log('done: every file matches the size and checksum the hub lists');
  return 0;
}
