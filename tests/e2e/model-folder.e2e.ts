// A model folder the user picks is copied into the browser and used from there: after the
// import, no model file is fetched from the app's /models/ folder, even after a reload.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AppBrowser, CANDIDATES, chooseFile, until, waitForResult } from './browser';
import { FIXTURES, REPO_ROOT } from './fixtures';

describe('a model folder picked by the user', () => {
  let app: AppBrowser;
  let page: Page;
  const modelRequests: string[] = [];

  beforeAll(async () => {
    app = await AppBrowser.launch('model-folder');
    page = await app.open('wasm');
    app.context.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/models/')) modelRequests.push(request.url());
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  test('is imported, becomes the source, and locates a photo without fetching model files', async () => {
    await page.setInputFiles('[data-testid=folder-input]', join(REPO_ROOT, 'public/models/whereabouts/tiny-geoclip'));
    await page.locator('input[name=model-source][value=folder]:checked').waitFor({ state: 'attached' });
    modelRequests.length = 0;

    await chooseFile(page, FIXTURES.gps);
    const done = await waitForResult(page, 'gps.jpg');
    expect(done.rows).toBe(CANDIDATES);
    expect(done.alert).toBeNull();
    expect(modelRequests).toEqual([]);
  });

  test('still works after a reload, from the copy kept in the browser', async () => {
    await page.reload();
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    await until(page, 'the stored index list', (s) => !s.indexListBusy);
    modelRequests.length = 0;
    await chooseFile(page, FIXTURES.plain);
    const done = await waitForResult(page, 'plain.jpg');
    expect(done.rows).toBe(CANDIDATES);
    expect(modelRequests).toEqual([]);
    expect(app.foreignRequests).toEqual([]);
  });
});
