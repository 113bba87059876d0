// A model whose ONNX graph keeps its weights in an external data file (whereabouts/tiny-geoclip-external:
// onnx/location_model.onnx_data, declared in config.json as the hub's newer exports do) loads and
// locates a photo from the app's /models/ folder on WebGPU and WASM, and from an imported folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AppBrowser, BACKENDS, CANDIDATES, type Backend, chooseFile, record, recording, waitForAlert, waitForResult } from './browser';
import { FIXTURES, REPO_ROOT } from './fixtures';
import { findEntry } from '../../models/registry';

const MODEL = findEntry('tiny-geoclip-external')!;
const DATA = 'onnx/location_model.onnx_data';

async function openExternal(app: AppBrowser, backend: Backend): Promise<Page> {
  const page = app.context.pages()[0] ?? (await app.context.newPage());
  await page.goto(`${app.baseUrl}/?device=${backend}&model=${MODEL.key}`);
  await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
  return page;
}

describe.each(BACKENDS)('a model with external data on %s', (backend) => {
  let app: AppBrowser;
  const modelRequests: string[] = [];

  beforeEach(async (context) => {
    app = await AppBrowser.launch(`external-${backend}-${context.task.id}`);
    modelRequests.length = 0;
    app.context.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/models/')) modelRequests.push(path);
    });
  });

  afterEach(async () => {
    expect(app.foreignRequests).toEqual([]);
    await app?.close();
  });

  test('loads the graph and its .onnx_data from /models/ and locates a photo', async () => {
    const page = await openExternal(app, backend);
    await record(page);
    await chooseFile(page, FIXTURES.gps);
    const done = await waitForResult(page, 'gps.jpg');
    expect(done.rows).toBe(CANDIDATES);
    expect(done.alert).toBeNull();
    expect(modelRequests).toContain(`/models/${MODEL.id}/${DATA}`);
    const files = Object.keys((await recording(page)).files);
    expect(files.some((file) => file.endsWith('location_model.onnx_data')), files.join(', ')).toBe(true);
  });

  test.runIf(backend === 'wasm')('a damaged .onnx_data is refused before load with its name, and works once whole', async () => {
    const whole = readFileSync(join(REPO_ROOT, 'dist/models', MODEL.id, DATA));
    const damaged = Buffer.from(whole);
    damaged[damaged.length >> 1] = damaged[damaged.length >> 1]! ^ 0xff;
    await app.context.route(`**/models/${MODEL.id}/${DATA}`, (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: damaged }));
    const page = await openExternal(app, backend);
    await chooseFile(page, FIXTURES.gps);
    const shown = await waitForAlert(page, 'model-checksum');
    expect(shown.alert!.text).toContain(`${DATA} does not match the checksum`);
    expect(shown.rows).toBe(0);
    await app.context.unrouteAll();
    await chooseFile(page, FIXTURES.gps);
    expect((await waitForResult(page, 'gps.jpg')).rows).toBe(CANDIDATES);
  });

  test.runIf(backend === 'wasm')('an imported folder with an .onnx_data file works without fetching model files', async () => {
    const page = await openExternal(app, backend);
    await page.setInputFiles('[data-testid=folder-input]', join(REPO_ROOT, 'public/models', MODEL.id));
    await page.locator('input[name=model-source][value=folder]:checked').waitFor({ state: 'attached' });
    modelRequests.length = 0;
    await chooseFile(page, FIXTURES.gps);
    const done = await waitForResult(page, 'gps.jpg');
    expect(done.rows).toBe(CANDIDATES);
    expect(modelRequests).toEqual([]);
  });
});
