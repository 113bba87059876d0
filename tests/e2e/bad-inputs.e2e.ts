// Files that are not usable photos: each ends in a clear alert, the earlier result stays on
// screen, and the app goes on working.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AppBrowser, BACKENDS, CANDIDATES, chooseFile, waitForAlert, waitForResult } from './browser';
import { FIXTURES } from './fixtures';

const BAD_INPUTS = [
  { what: 'an empty file', path: FIXTURES.empty, name: 'empty.jpg', code: 'empty', says: /empty/i },
  { what: 'a text file named .jpg', path: FIXTURES.text, name: 'notes.jpg', code: 'not-an-image', says: /not an image|not a photo/i },
  { what: 'a truncated JPEG', path: FIXTURES.truncated, name: 'truncated.jpg', code: 'truncated', says: /cut off/i },
  { what: 'an image over the size limits (40,000 px wide PNG)', path: FIXTURES.huge, name: 'huge.png', code: 'too-large', says: /40000 x 32 pixels.*too large/i },
] as const;

describe.each(BACKENDS)('bad photos on %s', (backend) => {
  let app: AppBrowser;
  let page: Page;

  beforeAll(async () => {
    app = await AppBrowser.launch(`bad-inputs-${backend}`);
    page = await app.open(backend);
    await chooseFile(page, FIXTURES.gps);
    await waitForResult(page, 'gps.jpg');
  });

  afterAll(async () => {
    await app?.close();
  });

  test.each(BAD_INPUTS)('$what: a clear alert, and the earlier result stays', async ({ path, name, code, says }) => {
    await chooseFile(page, path);
    const shown = await waitForAlert(page, code);
    expect(shown.alert!.text).toContain(`"${name}"`);
    expect(shown.alert!.text).toMatch(says);
    expect(shown.stages.photo!.status).toBe('error');
    expect(shown.stages.models!.status).toBe('idle');
    // The last good result is still there.
    expect(shown.result).toContain('gps.jpg ·');
    expect(shown.rows).toBe(CANDIDATES);
    expect(shown.markers).toBe(CANDIDATES);
    expect(shown.exifPoint).toContain('48.8582, 2.2945');
  });

  test('a good photo after the bad ones still works', async () => {
    await chooseFile(page, FIXTURES.plain);
    const done = await waitForResult(page, 'plain.jpg');
    expect(done.alert).toBeNull();
    expect(done.rows).toBe(CANDIDATES);
    expect(done.markers).toBe(CANDIDATES);
    expect(done.exifPoint).toBe('');
    expect(app.foreignRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
