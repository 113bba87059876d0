// The model manager in Settings: profile sizes shown before any download, a profile downloaded
// file by file into the browser and not fetched twice, deleting a model's kept files, the storage
// estimate, the size and checksum check before a model is used, and the directory picker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AppBrowser, CANDIDATES, chooseFile, until, waitForAlert, waitForResult } from './browser';
import { FIXTURES, REPO_ROOT } from './fixtures';
import { RequestLog, waitForServiceWorker } from './requests';
import { findProfile, planProfile } from '../../models/profiles';
import { formatBytes } from '../../src/app/format';

const TINY = 'models/whereabouts/tiny-geoclip';
const LOCATION_MODEL = `${TINY}/onnx/location_model.onnx`;

/** Requests for ONNX model files (the HEAD probes of config.json that the model list makes do not count). */
function onnxRequests(log: RequestLog): number {
  return log.requests.filter((r) => r.url.endsWith('.onnx')).length;
}

function text(page: Page, selector: string): Promise<string> {
  return page.locator(selector).innerText();
}

describe('the model manager', () => {
  let app: AppBrowser;
  let page: Page;
  let log: RequestLog;

  beforeAll(async () => {
    app = await AppBrowser.launch('models');
    log = new RequestLog(app.context, app.baseUrl);
    page = await app.open('wasm');
    await waitForServiceWorker(page);
    await page.click('a[href="#settings"]');
  });

  afterAll(async () => {
    await app?.close();
  });

  test('profiles show their size before anything is downloaded', async () => {
    await page.locator('[data-testid=profile-row][data-name=small]').waitFor();
    expect(onnxRequests(log)).toBe(0);
    // On WASM: the registry's sizes of the small profile's files for that device, summed.
    const small = planProfile(findProfile('small')!, ['wasm']);
    expect(small.missing).toEqual([]);
    expect(await text(page, '[data-testid=profile-row][data-name=small] [data-testid=profile-size]')).toMatch(new RegExp(`^${formatBytes(small.bytes).replace('.', '\\.')}`));
    expect(await text(page, '[data-testid=profile-row][data-name=test]')).toContain('tiny-geoclip');
  });

  test('a profile downloads file by file, is listed as kept, and is not fetched twice', async () => {
    await page.click('[data-testid=profile-row][data-name=test] [data-testid=profile-download]');
    await page.locator('[data-testid=manager-message]').filter({ hasText: 'Downloaded' }).waitFor();
    // Every file of the four test models (GeoCLIP, VLM, CLIP, sentence embedder).
    const testFiles = planProfile(findProfile('test')!, ['wasm']).models.reduce((sum, m) => sum + m.files.length, 0);
    expect(await text(page, '[data-testid=manager-message]')).toMatch(new RegExp(`^Downloaded ${testFiles} files; 0 were already kept\\.`));
    const bars = await page.locator('[data-testid=download-files] li').allInnerTexts();
    expect(bars).toHaveLength(testFiles);
    expect(bars.join('\n')).toContain('whereabouts/tiny-geoclip/onnx/vision_model.onnx');
    await page.locator('[data-testid=stored-row][data-id="whereabouts/tiny-geoclip"]').waitFor();
    expect(await text(page, '[data-testid=stored-row][data-id="whereabouts/tiny-geoclip"]')).toMatch(/app folder\s+5\s/); // and its whereabouts-files.json

    const before = onnxRequests(log);
    await page.click('[data-testid=profile-row][data-name=test] [data-testid=profile-download]');
    await page.locator('[data-testid=manager-message]').filter({ hasText: `Downloaded 0 files; ${testFiles} were already kept.` }).waitFor();
    expect(onnxRequests(log)).toBe(before);
    expect(await text(page, '[data-testid=storage-estimate]')).toMatch(/This site uses [\d.]+ (B|KB|MB|GB) of the/);
  });

  test('a photo is located with the kept files, offline', async () => {
    await app.context.setOffline(true);
    try {
      await chooseFile(page, FIXTURES.gps);
      expect((await waitForResult(page, 'gps.jpg')).rows).toBe(CANDIDATES);
    } finally {
      await app.context.setOffline(false);
    }
  });

  test('Delete removes the kept files of a model', async () => {
    const cachedOf = (id: string) =>
      page.evaluate(async (prefix) => (await (await caches.open('whereabouts-models')).keys()).filter((r) => new URL(r.url).pathname.startsWith(prefix)).length, `/models/${id}/`);
    expect(await cachedOf('whereabouts/tiny-geoclip')).toBeGreaterThan(0);
    const others = await cachedOf('whereabouts/tiny-vlm');
    await page.click('[data-testid=stored-row][data-id="whereabouts/tiny-geoclip"] [data-testid=stored-delete]');
    await page.locator('[data-testid=stored-row][data-id="whereabouts/tiny-geoclip"]').waitFor({ state: 'detached' });
    expect(await cachedOf('whereabouts/tiny-geoclip')).toBe(0);
    // The other models' files are kept.
    expect(await cachedOf('whereabouts/tiny-vlm')).toBe(others);
  });

  test('a model file that does not match its checksum is refused before use, and works once whole', async () => {
    const whole = readFileSync(join(REPO_ROOT, 'dist', LOCATION_MODEL));
    const damaged = Buffer.from(whole);
    damaged[damaged.length >> 1] = damaged[damaged.length >> 1]! ^ 0xff;
    await app.context.route(`**/${LOCATION_MODEL}`, (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: damaged }));
    await page.reload();
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    await chooseFile(page, FIXTURES.plain);
    const shown = await waitForAlert(page, 'model-checksum');
    expect(shown.alert!.text).toContain('onnx/location_model.onnx does not match the checksum');
    expect(shown.rows).toBe(0);

    await app.context.unrouteAll();
    await chooseFile(page, FIXTURES.plain);
    expect((await waitForResult(page, 'plain.jpg')).rows).toBe(CANDIDATES);
  });

  test('the folder button uses the directory picker where the browser has one', async () => {
    // Headless Chromium cannot drive the real picker: stand in for it with a handle over the tiny model's files.
    const files = ['config.json', 'preprocessor_config.json', 'onnx/vision_model.onnx', 'onnx/location_model.onnx'].map((path) => ({
      path,
      base64: readFileSync(join(REPO_ROOT, 'public', TINY, path)).toString('base64'),
    }));
    await page.evaluate((files) => {
      type Node = { kind: 'directory'; name: string; children: Map<string, Node | Leaf> };
      type Leaf = { kind: 'file'; name: string; file: File };
      const root: Node = { kind: 'directory', name: 'tiny-geoclip', children: new Map() };
      for (const { path, base64 } of files) {
        const parts = path.split('/');
        let dir = root;
        for (const part of parts.slice(0, -1)) {
          if (!dir.children.has(part)) dir.children.set(part, { kind: 'directory', name: part, children: new Map() });
          dir = dir.children.get(part) as Node;
        }
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const name = parts.at(-1)!;
        dir.children.set(name, { kind: 'file', name, file: new File([bytes], name) });
      }
      const handle = (node: Node | Leaf): unknown =>
        node.kind === 'file'
          ? { kind: 'file', name: node.name, getFile: async () => node.file }
          : {
              kind: 'directory',
              name: node.name,
              async *entries() {
                for (const [name, child] of node.children) yield [name, handle(child)];
              },
            };
      (window as unknown as { showDirectoryPicker: () => Promise<unknown> }).showDirectoryPicker = async () => handle(root);
    }, files);
    await page.click('[data-testid=folder-pick]');
    await page.locator('input[name=model-source][value=folder]:checked').waitFor({ state: 'attached' });
    await until(page, 'the import notice', () => true);
    await page.locator('[data-testid=stored-row][data-id="tiny-geoclip"]').waitFor();
    expect(await text(page, '[data-testid=stored-row][data-id="tiny-geoclip"]')).toMatch(/imported folder\s+4\s/);

    await chooseFile(page, FIXTURES.png);
    expect((await waitForResult(page, 'photo.png')).rows).toBe(CANDIDATES);
    log.expectNoneLeft();
    expect(app.pageErrors).toEqual([]);
  });
});
