// Model files that cannot be used: the alert names the file, and once the files are whole again
// the next photo loads the model afresh (a failed load is not kept, in the app or in transformers.js).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AppBrowser, BACKENDS, CANDIDATES, chooseFile, until, waitForResult } from './browser';
import { FIXTURES, REPO_ROOT, fixtureBytes } from './fixtures';
import { join } from 'node:path';

const LOCATION_MODEL = 'models/whereabouts/tiny-geoclip/onnx/location_model.onnx';
const VISION_MODEL = 'models/whereabouts/tiny-geoclip/onnx/vision_model.onnx';

describe.each(BACKENDS)('an unreadable model file on %s', (backend) => {
  let app: AppBrowser;
  let page: Page;
  let served = 0;

  beforeAll(async () => {
    app = await AppBrowser.launch(`model-file-${backend}`);
    const whole = fixtureBytes(join(REPO_ROOT, 'dist', LOCATION_MODEL));
    const truncated = whole.subarray(0, Math.floor(whole.length / 3));
    await app.context.route(`**/${LOCATION_MODEL}`, async (route) => {
      served += 1;
      await route.fulfill({ status: 200, contentType: 'application/octet-stream', body: truncated });
    });
    page = await app.open(backend);
  });

  afterAll(async () => {
    await app?.close();
  });

  test('a truncated location_model.onnx: the alert names the file', async () => {
    await chooseFile(page, FIXTURES.gps);
    const shown = await until(page, 'the model load to fail', (s) => s.stages.models?.status === 'error' && s.alert !== null);
    expect(served).toBeGreaterThan(0);
    expect(shown.alert!.text).toContain('location_model.onnx');
    expect(shown.alert!.code).toMatch(/^model-/);
    expect(shown.stages.models!.detail).toContain('location_model.onnx');
    expect(shown.stages.index!.status).toBe('idle');
    expect(shown.rows).toBe(0);
  });

  test('a missing vision_model.onnx (404): the alert names the file and where it was looked for', async () => {
    await app.context.unrouteAll();
    await app.context.route(`**/${VISION_MODEL}`, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }));
    await page.reload();
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    await chooseFile(page, FIXTURES.gps);
    const shown = await until(page, 'the model load to fail', (s) => s.stages.models?.status === 'error' && s.alert !== null);
    expect(shown.alert!.code).toBe('model-missing');
    expect(shown.alert!.text).toContain('vision_model.onnx');
    expect(shown.alert!.text).toContain('/models/');
  });

  test('with the files whole again, the next photo loads the model and works', async () => {
    await app.context.unrouteAll();
    await chooseFile(page, FIXTURES.gps);
    const done = await waitForResult(page, 'gps.jpg');
    expect(done.rows).toBe(CANDIDATES);
    expect(done.markers).toBe(CANDIDATES);
    expect(done.result).toContain(`on ${backend.toUpperCase()}`);
    expect(app.foreignRequests).toEqual([]);
  });
});
