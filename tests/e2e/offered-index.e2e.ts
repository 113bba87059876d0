// The coordinate index offered beside the model (written by `npm run models:tiny` for
// whereabouts/tiny-geoclip-indexed, as models:fetch writes one for GeoCLIP): on first use it is
// downloaded, checked and stored, with no build on the device; a damaged or cut-short copy is
// refused with its reason and the index is built on the device instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { AppBrowser, BACKENDS, CANDIDATES, type Backend, chooseFile, record, recording, storedBuildBatches, until, waitForResult } from './browser';
import { FIXTURES, REPO_ROOT } from './fixtures';
import { findEntry } from '../../models/registry';
import { OFFERED_INDEX_FILE, OFFERED_INDEX_MANIFEST, parseOfferedIndex } from '../../src/core/retrieve/offered-index';

const MODEL = findEntry('tiny-geoclip-indexed')!;
const folder = join(REPO_ROOT, 'public/models', MODEL.id);
const offer = parseOfferedIndex(readFileSync(join(folder, OFFERED_INDEX_MANIFEST), 'utf8'))!;

async function openIndexed(app: AppBrowser, backend: Backend): Promise<Page> {
  const page = app.context.pages()[0] ?? (await app.context.newPage());
  await page.goto(`${app.baseUrl}/?device=${backend}&model=${MODEL.key}`);
  await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
  return page;
}

/** Serves the offered index file changed by `damage` (the real file's bytes otherwise). */
async function damageIndexFile(app: AppBrowser, damage: (bytes: Buffer) => Buffer): Promise<string[]> {
  const served: string[] = [];
  await app.context.route(`**/models/${MODEL.id}/${OFFERED_INDEX_FILE}`, async (route: Route) => {
    const response = await route.fetch();
    served.push(route.request().url());
    await route.fulfill({ response, body: damage(Buffer.from(await response.body())) });
  });
  return served;
}

describe.each(BACKENDS)('the offered location index on %s', (backend) => {
  let app: AppBrowser;

  beforeEach(async (context) => {
    app = await AppBrowser.launch(`offered-${backend}-${context.task.id}`);
  });

  afterEach(async () => {
    expect(app.foreignRequests).toEqual([]);
    await app?.close();
  });

  test('a fresh profile downloads the offered index, checks it and uses it without building one', async () => {
    const page = await openIndexed(app, backend);
    await record(page);
    await chooseFile(page, FIXTURES.gps);
    const done = await waitForResult(page, 'gps.jpg');
    expect(done.rows).toBe(CANDIDATES);
    expect(done.stages.index!.detail).toContain('Downloaded and checked an index of 100,000 places');
    expect((await recording(page)).sawIndexProgress).toBe(false);
    expect(await storedBuildBatches(page)).toBe(0);
    const listed = await until(page, 'the downloaded index in the list', (s) => s.indexRows === 1);
    expect(listed.indexRows).toBe(1);
    const row = await page.locator('[data-testid="index-row"]').getAttribute('data-key');
    expect(row).toBe(`${MODEL.id}@${MODEL.revision}#geoclip-gallery-100K`);

    // After a reload the stored copy is opened; nothing is downloaded again.
    const fetched: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('whereabouts-index')) fetched.push(request.url());
    });
    await page.reload();
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    await chooseFile(page, FIXTURES.gps);
    const again = await waitForResult(page, 'gps.jpg');
    expect(again.stages.index!.detail).toMatch(/^100,000 places/);
    expect(fetched).toEqual([]);
  });

  test('an offered index with a wrong checksum is refused, said so, and built on the device instead', async () => {
    const served = await damageIndexFile(app, (bytes) => {
      const copy = Buffer.from(bytes);
      const middle = copy.length >> 1;
      copy[middle] = copy[middle]! ^ 0xff;
      return copy;
    });
    const page = await openIndexed(app, backend);
    await record(page);
    await chooseFile(page, FIXTURES.gps);
    const building = await until(page, 'the build after the refusal', (s) => s.building || s.stages.index?.status === 'done');
    expect(building.stages.index!.detail).toContain('The index offered with the model was refused (its SHA-256 checksum does not match its manifest): building one on this device instead.');
    const done = await waitForResult(page, 'gps.jpg');
    expect(served.length).toBeGreaterThan(0);
    expect(done.rows).toBe(CANDIDATES);
    expect(done.stages.index!.detail).toContain('Built an index of 100,000 places on this device (the one offered with the model was refused)');
    expect((await recording(page)).sawIndexProgress).toBe(true);
  });

  test.runIf(backend === 'wasm')('an offered index cut short is refused for its size and built on the device', async () => {
    await damageIndexFile(app, (bytes) => bytes.subarray(0, bytes.length - 1000));
    const page = await openIndexed(app, backend);
    await chooseFile(page, FIXTURES.gps);
    const building = await until(page, 'the build after the refusal', (s) => s.building || s.stages.index?.status === 'done');
    expect(building.stages.index!.detail).toContain(
      `refused (it is ${(offer.size - 1000).toLocaleString('en')} bytes, but its manifest says ${offer.size.toLocaleString('en')})`,
    );
    const done = await waitForResult(page, 'gps.jpg');
    expect(done.rows).toBe(CANDIDATES);
    expect(done.stages.index!.detail).toContain('on this device (the one offered with the model was refused)');
    expect((await until(page, 'the built index in the list', (s) => s.indexRows === 1)).indexRows).toBe(1);
  });
});
