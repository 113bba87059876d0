// Privacy you can check: a whole session with the app's own models records every request (pages,
// workers, the service worker) and fails on any that leaves the app's origin; the content
// security policy is in force in the page and in the workers, and it only ever widens to the
// hosts the user chose. To cover a new feature, add its steps to the session below.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AppBrowser, CANDIDATES, chooseFile, dropFile, until, waitForResult } from './browser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, OUT_DIR } from './fixtures';
import { RequestLog, waitForServiceWorker } from './requests';

function pagePolicy(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
}

function connectSources(policy: string): string[] {
  return (/connect-src ([^;]+)/.exec(policy)?.[1] ?? '').trim().split(/\s+/);
}

describe('no request leaves the app', () => {
  let app: AppBrowser;
  let page: Page;
  let log: RequestLog;

  beforeAll(async () => {
    app = await AppBrowser.launch('privacy');
    log = new RequestLog(app.context, app.baseUrl);
    page = await app.open('wasm');
  });

  afterAll(async () => {
    await app?.close();
  });

  test('a whole session with local models stays on the app origin', async () => {
    await waitForServiceWorker(page);
    // Locate a photo: the model loads, the index is built, the map draws its basemap.
    await chooseFile(page, FIXTURES.gps);
    expect((await waitForResult(page, 'gps.jpg')).rows).toBe(CANDIDATES);
    // A second photo, dropped.
    await dropFile(page, FIXTURES.png, 'image/png');
    expect((await waitForResult(page, 'photo.png')).rows).toBe(CANDIDATES);
    // Settings: the model list is checked again, storage is estimated.
    await page.click('a[href="#settings"]');
    await page.locator('section[aria-labelledby=models-title]').getByRole('button', { name: 'Check again' }).click();
    await until(page, 'the model list', () => true);
    // A reload, and one more photo with the stored index.
    await page.reload();
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    await chooseFile(page, FIXTURES.plain);
    expect((await waitForResult(page, 'plain.jpg')).rows).toBe(CANDIDATES);

    // The full pipeline (language model, CLIP, sentence embedder), a clue of the user's, and a chat turn.
    await page.goto(`${app.baseUrl}/?device=wasm&model=tiny-geoclip&mode=full&tokens=24`);
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    await chooseFile(page, FIXTURES.gps);
    await waitForResult(page, 'gps.jpg');
    await page.locator('[data-testid="analysis-stage-select"][data-status="done"]').waitFor({ timeout: 280_000 });
    await page.fill('[data-testid="cue-add-input"]', 'Yellow number plates');
    await page.click('[data-testid="cue-add"]');
    await page.locator('[data-testid="cue-row"]', { hasText: 'Yellow number plates' }).waitFor();
    await page.fill('[data-testid="chat-input"]', 'It is not in France.');
    await page.click('[data-testid="chat-send"]');
    await page.locator('[data-testid="chat"][data-busy="false"] [data-testid="chat-verdict"]').waitFor({ timeout: 120_000 });
    // The batch and an export.
    await page.click('[data-testid="view-batch"]');
    await page.setInputFiles('[data-testid="batch-input"]', [FIXTURES.gps, FIXTURES.plain]);
    await page.locator('[data-testid="batch-row"]').nth(1).waitFor();
    await page.locator('[data-testid="export-csv"]:not([disabled])').waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    expect(await download.failure()).toBeNull();

    // The log saw the session (model files, ONNX Runtime, the gallery), and nothing else.
    expect(log.count('/models/')).toBeGreaterThan(0);
    expect(log.count('/ort/')).toBeGreaterThan(0);
    expect(log.count('/gallery/')).toBeGreaterThan(0);
    expect(log.requests.some((r) => r.byServiceWorker)).toBe(true);
    log.expectNoneLeft();
    expect(log.violations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  test('the built page has no inline script, and its policy comes first', () => {
    const html = readFileSync(join(OUT_DIR, 'dist', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/[^"]+"/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i); // no event handler attributes either
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
  });

  test('the page and its workers refuse other origins (the policy is in force)', async () => {
    const policy = await pagePolicy(page);
    expect(connectSources(policy)).toEqual(["'self'"]);
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);

    const blocked = await page.evaluate(async () => {
      const seen: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
      const outcome = await fetch('http://127.0.0.2:9/').then(
        () => 'fetched',
        () => 'refused',
      );
      // The report is queued as a task of its own; wait for it (or give up after a while).
      if (seen.length === 0) await new Promise((r) => {
        document.addEventListener('securitypolicyviolation', r, { once: true });
        setTimeout(r, 5000);
      });
      return { outcome, seen, policy: document.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]')?.content };
    });
    // Reported once per policy in force: the header from the service worker and the meta element.
    expect(blocked.outcome, blocked.policy).toBe('refused');
    expect(new Set(blocked.seen), blocked.policy).toEqual(new Set(['connect-src']));
    // The request log hears the page's reports too, so its empty list in the session above means something.
    await until(page, 'the console report of the violation', () => log.violations.length > 0, 10_000);
    expect(log.violations.join('\n')).toMatch(/connect-src/);

    // A worker started from this page got the policy as a header from the service worker.
    const worker = page.workers().find((w) => /geoclip\.worker/.test(w.url()));
    expect(worker, 'the GeoCLIP worker').toBeDefined();
    const inWorker = await worker!.evaluate(async () => {
      const seen: string[] = [];
      self.addEventListener('securitypolicyviolation', (e) => seen.push((e as SecurityPolicyViolationEvent).violatedDirective));
      const outcome = await fetch('http://127.0.0.2:9/').then(
        () => 'fetched',
        () => 'refused',
      );
      if (seen.length === 0) await new Promise((r) => {
        self.addEventListener('securitypolicyviolation', r, { once: true });
        setTimeout(r, 5000);
      });
      return { outcome, seen };
    });
    expect(inWorker.outcome).toBe('refused');
    expect(new Set(inWorker.seen)).toEqual(new Set(['connect-src']));
    // Refused by the policy before any connection: the request log has nothing foreign.
    log.expectNoneLeft();
  });

  test('choosing a hub or online tiles widens the policy after a reload, and only by those hosts', async () => {
    await page.click('a[href="#settings"]');
    await page.check('input[name=model-source][value=hub]');
    await page.fill('#hub-host', 'https://models.example.org/');
    await page.click('form.hub button[type=submit]');
    await page.locator('[data-testid=policy-stale]').waitFor();
    let reloaded = page.waitForEvent('load');
    await page.locator('[data-testid=policy-stale] button').click();
    await reloaded;
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    expect(connectSources(await pagePolicy(page))).toEqual(["'self'", 'https://models.example.org']);
    expect(await page.locator('[data-testid=policy-stale]').count()).toBe(0);

    // Back to the app's own folder: the hub is dropped again.
    await page.check('input[name=model-source][value=self]');
    reloaded = page.waitForEvent('load');
    await page.locator('[data-testid=policy-stale] button').click();
    await reloaded;
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    const policy = await pagePolicy(page);
    expect(connectSources(policy)).toEqual(["'self'"]);
    expect(policy).not.toContain('tile.openstreetmap.org');
    log.expectNoneLeft();
  });
});
