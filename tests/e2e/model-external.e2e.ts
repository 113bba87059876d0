// A model whose ONNX graph keeps its weights in an external data file (whereabouts/tiny-geoclip-external:
// onnx/location_model.onnx_data, declared in config.json as the hub's newer exports do) loads and
// locates a photo from the app's /models/ folder on WebGPU and WASM, and from an imported folder.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AppBrowser, BACKENDS, CANDIDATES, type Backend, chooseFile, record, recording, waitForResult } from './browser';
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
