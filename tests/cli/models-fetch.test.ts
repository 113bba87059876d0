// npm run models:fetch against a local hub that serves the tiny models: a full download checked
// against the hub's sizes and checksums, a download cut short and resumed with Range, and a
// damaged file refused.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchProfile } from '../../src/cli/fetch/fetch-profile';
import { MANIFEST_NAME, parseManifest } from '../../models/manifest';
import { OFFERED_INDEX_FILE, OFFERED_INDEX_MANIFEST, parseOfferedIndex } from '../../src/core/retrieve/offered-index';
import { decodeIndex } from '../../src/core/retrieve/format';
import { findEntry } from '../../models/registry';
import { MODELS, TINY, scratch } from './run-cli';
import { startHub, type HubServer } from './hub-server';

const ID = 'whereabouts/tiny-geoclip';
const VISION = 'onnx/vision_model.onnx';
const LOCATION = 'onnx/location_model.onnx';

async function run(hub: HubServer, out: string, ...extra: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await fetchProfile(['--profile', 'test', '--host', hub.url, '--out', out, ...extra], (line) => lines.push(line));
  return { code, lines };
}

describe('models:fetch', () => {
  let hub: HubServer;

  beforeAll(async () => {
    hub = await startHub(MODELS);
  });

  afterAll(async () => {
    await hub?.close();
  });

  test('downloads every file of the test profile, byte for byte, with a manifest of checksums', async () => {
    const out = scratch();
    const { code, lines } = await run(hub, out);
    expect(code, lines.join('\n')).toBe(0);
    for (const path of ['config.json', 'preprocessor_config.json', VISION, LOCATION]) {
      expect(readFileSync(join(out, ID, path)).equals(readFileSync(join(TINY, path))), path).toBe(true);
    }
    const manifest = parseManifest(readFileSync(join(out, ID, MANIFEST_NAME), 'utf8'))!;
    expect(manifest.id).toBe(ID);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(['config.json', LOCATION, 'preprocessor_config.json', VISION].sort());
    expect(manifest.files.find((f) => f.path === VISION)!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.files.find((f) => f.path === 'config.json')!.gitOid).toMatch(/^[0-9a-f]{40}$/);

    // The coordinate index for the GeoCLIP model, built with the CLI and described by its manifest.
    const offer = parseOfferedIndex(readFileSync(join(out, ID, OFFERED_INDEX_MANIFEST), 'utf8'))!;
    const indexBytes = readFileSync(join(out, ID, OFFERED_INDEX_FILE));
    expect(offer).toMatchObject({ file: OFFERED_INDEX_FILE, encoderId: ID, encoderRevision: findEntry('tiny-geoclip')!.revision, count: 100_000, dim: 32, gallerySource: 'geoclip-gallery-100K' });
    expect(offer.size).toBe(indexBytes.byteLength);
    expect(offer.sha256).toBe(createHash('sha256').update(indexBytes).digest('hex'));
    expect(decodeIndex(new Uint8Array(indexBytes)).meta.encoderId).toBe(ID);
    expect(lines.join('\n')).toContain('coordinate index built: 100000 places');

    // A second run fetches nothing: every file is already there and checks out.
    hub.requests.length = 0;
    const again = await run(hub, out);
    expect(again.code).toBe(0);
    expect(hub.requests).toEqual([]);
    // Every file of every model in the test profile (the tiny GeoCLIP, VLM, CLIP and embedder).
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter(
      (e) => e.isFile() && ![MANIFEST_NAME, OFFERED_INDEX_FILE, OFFERED_INDEX_MANIFEST].includes(e.name),
    );
    // One line per model file, and one for the index (not built again).
    expect(again.lines.filter((l) => l.includes('already here, checked'))).toHaveLength(files.length + 1);
    expect(again.lines.join('\n')).toContain('coordinate index already here, checked');
    expect(files.length).toBeGreaterThan(4);
  });

  test('a download cut short is resumed from its .part file with a Range request', async () => {
    const out = scratch();
    const whole = statSync(join(TINY, VISION)).size;
    hub.cutOnce.set(VISION, 20_000);
    const first = await run(hub, out, '--no-index');
    expect(first.code).toBe(1);
    const part = join(out, ID, `${VISION}.part`);
    expect(existsSync(join(out, ID, VISION))).toBe(false);
    const kept = statSync(part).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(whole);

    hub.requests.length = 0;
    const second = await run(hub, out, '--no-index');
    expect(second.code, second.lines.join('\n')).toBe(0);
    expect(hub.requests).toEqual([{ path: VISION, range: `bytes=${kept}-` }]);
    expect(second.lines.join('\n')).toContain('resumed after');
    expect(readFileSync(join(out, ID, VISION)).equals(readFileSync(join(TINY, VISION)))).toBe(true);
    expect(existsSync(part)).toBe(false);
  });

  test('a file whose checksum does not match is refused and deleted', async () => {
    const out = scratch();
    hub.corrupt.add(LOCATION);
    try {
      const { code, lines } = await run(hub, out, '--no-index');
      expect(code).toBe(1);
      expect(lines.join('\n')).toMatch(/refused onnx\/location_model\.onnx: its SHA-256 is [0-9a-f]{64}, the hub lists/);
      expect(readdirSync(join(out, ID, 'onnx'))).toEqual(['vision_model.onnx']);
    } finally {
      hub.corrupt.delete(LOCATION);
    }
    // Once the hub serves the right bytes, the same command completes the folder.
    expect((await run(hub, out, '--no-index')).code).toBe(0);
    expect(readFileSync(join(out, ID, LOCATION)).equals(readFileSync(join(TINY, LOCATION)))).toBe(true);
  });

  test('a model whose graph keeps its weights in an external data file gets that file too, checked and listed', async () => {
    const out = scratch();
    const id = 'whereabouts/tiny-geoclip-external';
    const lines: string[] = [];
    const code = await fetchProfile(['--model', 'tiny-geoclip-external', '--host', hub.url, '--out', out, '--no-index'], (line) => lines.push(line));
    expect(code, lines.join('\n')).toBe(0);
    const data = 'onnx/location_model.onnx_data';
    expect(readFileSync(join(out, id, data)).equals(readFileSync(join(MODELS, id, data)))).toBe(true);
    expect(lines.join('\n')).toContain(`${data}`);
    const manifest = parseManifest(readFileSync(join(out, id, MANIFEST_NAME), 'utf8'))!;
    expect(manifest.files.find((f) => f.path === data)?.sha256).toMatch(/^[0-9a-f]{64}$/);

    // A damaged data file is refused like a damaged graph.
    const again = scratch();
    hub.corrupt.add(data);
    try {
      const refused: string[] = [];
      expect(await fetchProfile(['--model', 'tiny-geoclip-external', '--host', hub.url, '--out', again, '--no-index'], (line) => refused.push(line))).toBe(1);
      expect(refused.join('\n')).toMatch(/refused onnx\/location_model\.onnx_data: its SHA-256 is/);
    } finally {
      hub.corrupt.delete(data);
    }
  });

  test('an unknown profile is a clear error', async () => {
    await expect(fetchProfile(['--profile', 'huge'], () => undefined)).rejects.toThrow(/there is no profile "huge"/);
  });
});
