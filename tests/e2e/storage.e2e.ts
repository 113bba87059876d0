// The index build and storage: a full disk part way through, and a build cancelled and resumed.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  AppBrowser,
  BACKENDS,
  CANDIDATES,
  GALLERY_ROWS,
  chooseFile,
  record,
  recording,
  storedBuildBatches,
  until,
  waitForAlert,
  waitForResult,
} from './browser';
import { FIXTURES } from './fixtures';

describe.each(BACKENDS)('the location index on %s', (backend) => {
  let app: AppBrowser;
  let page: Page;

  beforeEach(async (context) => {
    app = await AppBrowser.launch(`storage-${backend}-${context.task.id}`);
    page = await app.open(backend);
  });

  afterEach(async () => {
    expect(app.foreignRequests).toEqual([]);
    await app?.close();
  });

  test('a full disk during the build: a clear alert, no half-written index, and a later build works', async () => {
    const cdp = await app.context.newCDPSession(page);
    // About eight batches of the build fit; the rest of the 12.8 MB of batches does not.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.baseUrl, quotaSize: 1_000_000 });

    await chooseFile(page, FIXTURES.gps);
    const shown = await waitForAlert(page, 'disk-full');
    expect(shown.alert!.text).toMatch(/not enough storage space/i);
    expect(shown.stages.index!.status).toBe('error');
    expect(shown.rows).toBe(0);
    await until(page, 'the index list', (s) => !s.indexListBusy);
    expect((await until(page, 'the index list', (s) => !s.indexListBusy)).indexRows).toBe(0);
    expect(await storedBuildBatches(page)).toBe(0);

    // After a reload, nothing half-written is listed either.
    await page.reload();
    const listed = await until(page, 'the index list after a reload', (s) => !s.indexListBusy && s.stages.photo !== undefined);
    expect(listed.indexRows).toBe(0);
    expect(await storedBuildBatches(page)).toBe(0);

    // With space again, the build runs from the start and the photo is located.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.baseUrl });
    await record(page);
    await chooseFile(page, FIXTURES.gps);
    const done = await waitForResult(page, 'gps.jpg');
    expect(done.rows).toBe(CANDIDATES);
    expect((await recording(page)).resumedFrom).toEqual([]);
    expect((await until(page, 'the new index in the list', (s) => s.indexRows === 1)).indexRows).toBe(1);
  });

  test('Cancel stops the build; after a reload the build resumes from the rows kept', async () => {
    await record(page, { cancelAtRows: 1024 });
    await chooseFile(page, FIXTURES.gps);
    const stopped = await until(
      page,
      'the build to stop',
      (s) => s.stages.index?.status === 'idle' && /Stopped/.test(s.stages.index.detail),
    );
    expect((await recording(page)).cancelled).toBe(true);
    expect(stopped.alert).toBeNull();
    expect(stopped.rows).toBe(0);
    expect(Object.values(stopped.stages).some((s) => s.status === 'running')).toBe(false);
    const kept = await storedBuildBatches(page);
    expect(kept).toBeGreaterThan(0);
    expect((await until(page, 'the index list', (s) => !s.indexListBusy)).indexRows).toBe(0);

    await page.reload();
    await until(page, 'the app after a reload', (s) => !s.indexListBusy && s.stages.photo !== undefined);
    await record(page);
    await chooseFile(page, FIXTURES.gps);
    const done = await waitForResult(page, 'gps.jpg');
    const resumed = (await recording(page)).resumedFrom;
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed[0]).toBeGreaterThan(0);
    expect(resumed[0]).toBeLessThan(GALLERY_ROWS);
    // The build resumed from exactly the batches (of 1,024 rows) that the cancelled build had stored.
    expect(resumed[0]).toBe(kept * 1024);
    expect(done.stages.index!.detail).toMatch(/^Built an index of 100,000 places/);
    expect(done.rows).toBe(CANDIDATES);
    expect(await storedBuildBatches(page)).toBe(0);
  });
});
