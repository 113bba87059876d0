// A new version of the app: once its service worker is installed and waiting, the page says so
// (role="status") with a Reload button, and the button brings the new version in.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AppBrowser } from './browser';
import { OUT_DIR } from './fixtures';
import { waitForServiceWorker } from './requests';

// global-setup serves this copy of the build.
const SERVED_SW = join(OUT_DIR, 'dist', 'sw.js');

describe('update available', () => {
  let app: AppBrowser;
  let page: Page;
  let original: string;

  beforeAll(async () => {
    original = readFileSync(SERVED_SW, 'utf8');
    app = await AppBrowser.launch('update');
    page = await app.open('wasm');
  });

  afterAll(async () => {
    writeFileSync(SERVED_SW, original);
    await app?.close();
  });

  test('a waiting worker shows the prompt, and Reload switches to it', async () => {
    await waitForServiceWorker(page);
    expect(await page.locator('[data-testid=update-available]').count()).toBe(0);
    const first = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);

    writeFileSync(SERVED_SW, `${original}\n// a later build\n`);
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())!.update();
    });
    const prompt = page.locator('[data-testid=update-available]');
    await prompt.waitFor();
    expect(await page.getByRole('status').textContent()).toContain('A new version of Whereabouts is ready.');

    const reloaded = page.waitForEvent('load');
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    const now = await page.evaluate(async () => {
      const registration = (await navigator.serviceWorker.getRegistration())!;
      return { waiting: registration.waiting !== null, url: navigator.serviceWorker.controller?.scriptURL };
    });
    expect(now).toEqual({ waiting: false, url: first });
    expect(await prompt.count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
