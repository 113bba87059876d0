// The registry against the hub's public listings (models/hub-listing.json): revisions pinned to
// the listed commits; where a model's onnx/ folder was listed, every ONNX file the registry asks
// for on any device is in it (a first real download would otherwise fail); and every file the
// listing shows has, where a size was printed, the same size to the printed precision.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DTYPE_SUFFIX, REGISTRY, filesFor, onnxParts, onnxPath, type Dtype, type RegistryEntry } from '../../../models/registry';

interface ListedModel {
  commit: string;
  doNotPin?: string[];
  files: Record<string, string | null>;
  notSeen?: string[];
  /** Why this model's onnx/ files cannot be checked against the listing. */
  onnxUnverified?: string;
}
const listing = JSON.parse(readFileSync(new URL('../../../models/hub-listing.json', import.meta.url), 'utf8')) as {
  models: Record<string, ListedModel>;
};

const UNIT: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };

/** "9.52 MB" -> the range of byte counts the hub would print that way (half a unit of the last digit). */
function printedRange(printed: string): [number, number] {
  const match = /^(\d+(?:\.(\d+))?) (B|kB|MB|GB)$/.exec(printed);
  if (!match) throw new Error(`unreadable size "${printed}"`);
  const unit = UNIT[match[3]!]!;
  const half = (0.5 * unit) / 10 ** (match[2]?.length ?? 0);
  const value = Number(match[1]) * unit;
  return [value - half, value + half];
}

const DEVICES = [
  { device: 'wasm', shaderF16: false },
  { device: 'webgpu', shaderF16: false },
  { device: 'webgpu', shaderF16: true },
] as const;

/** Every file an entry can ask for: what each device loads, and each ONNX graph in every dtype it lists a size for. */
function requestedFiles(entry: RegistryEntry): { path: string; bytes?: number }[] {
  const files = new Map<string, number | undefined>();
  for (const { device, shaderF16 } of DEVICES) for (const file of filesFor(entry, device, shaderF16)) files.set(file.path, file.bytes);
  for (const part of onnxParts(entry)) {
    for (const dtype of Object.keys(part.bytes) as Dtype[]) files.set(onnxPath(part, dtype), part.bytes[dtype]);
  }
  return [...files].map(([path, bytes]) => ({ path, bytes }));
}

const hubEntries = REGISTRY.filter((entry) => !entry.tiny);

describe('registry against the hub listing', () => {
  test('the sizes are read as the hub prints them', () => {
    expect(printedRange('1.22 GB')).toEqual([1.215e9, 1.225e9]);
    expect(printedRange('315 B')).toEqual([314.5, 315.5]);
    expect(printedRange('23 MB')).toEqual([22.5e6, 23.5e6]);
  });

  test('every hub model is in the listing and pinned to its full commit where one is listed', () => {
    for (const entry of hubEntries) {
      const listed = listing.models[entry.id];
      expect(listed, entry.id).toBeDefined();
      if (/^[0-9a-f]{40}$/.test(listed!.commit)) {
        expect(entry.revision, entry.id).toBe(listed!.commit);
      } else {
        // Only a short hash was listed: the entry says so instead of pretending to be pinned.
        expect(entry.revisionNote, entry.id).toContain(listed!.commit);
      }
      for (const bad of listed!.doNotPin ?? []) expect(entry.revision.startsWith(bad), `${entry.id} pinned to ${bad}`).toBe(false);
    }
  });

  test('every file the registry asks for that the listing shows has its name and size', () => {
    let checked = 0;
    let sized = 0;
    for (const entry of hubEntries) {
      const listed = listing.models[entry.id]!;
      for (const file of requestedFiles(entry)) {
        if (!(file.path in listed.files)) continue;
        checked++;
        const printed = listed.files[file.path];
        if (!printed || file.bytes === undefined) continue;
        const [low, high] = printedRange(printed);
        expect(file.bytes, `${entry.id} ${file.path} (${printed})`).toBeGreaterThanOrEqual(low);
        expect(file.bytes, `${entry.id} ${file.path} (${printed})`).toBeLessThanOrEqual(high);
        sized++;
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(sized).toBeGreaterThan(25);
  });

  for (const entry of hubEntries) {
    const listed = listing.models[entry.id];
    const onnx = requestedFiles(entry).filter((file) => file.path.startsWith('onnx/'));
    if (listed?.onnxUnverified) {
      test.skip(`${entry.id}: ONNX files unverified (${listed.onnxUnverified}): ${onnx.map((file) => file.path).join(', ')}`, () => {});
      continue;
    }
    test(`${entry.id}: every ONNX file it asks for on wasm, webgpu and webgpu with shader-f16 is listed`, () => {
      expect(listed, entry.id).toBeDefined();
      expect(onnx.length).toBeGreaterThan(0);
      const missing = onnx.map((file) => file.path).filter((path) => !(path in listed!.files));
      expect(missing, `${entry.id} asks for files the hub listing does not show`).toEqual([]);
      // Settings shows each profile's download size from these.
      expect(onnx.filter((file) => file.bytes === undefined).map((file) => file.path), `${entry.id} files without a size`).toEqual([]);
    });
  }

  test('no file the registry asks for is one the listing recorded as not seen', () => {
    for (const entry of hubEntries) {
      const notSeen = new Set(listing.models[entry.id]?.notSeen ?? []);
      const asked = requestedFiles(entry).map((file) => file.path);
      expect(asked.filter((path) => notSeen.has(path)), entry.id).toEqual([]);
    }
  });

  test('every listed ONNX file name is one the registry can produce (no misspelt suffixes in the data)', () => {
    const suffixes = new Set([...Object.values(DTYPE_SUFFIX), '_int8', '_uint8', '_bnb4', '_q4f16']);
    for (const [id, listed] of Object.entries(listing.models)) {
      for (const path of Object.keys(listed.files).filter((p) => p.endsWith('.onnx'))) {
        const suffix = /^onnx\/[a-z_]+?(_fp16|_quantized|_q4f16|_q4|_int8|_uint8|_bnb4)?\.onnx$/.exec(path);
        expect(suffix, `${id} ${path}`).not.toBeNull();
        expect(suffixes.has(suffix![1] ?? ''), `${id} ${path}`).toBe(true);
      }
    }
  });
});
