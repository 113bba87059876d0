// A region you choose, on each backend: a box drawn on the map with the mouse restricts the answer
// and Undo brings the unrestricted answer back; an area with no gallery place is refused, a denser
// grid fills it, is kept over a reload and is searched with the main index.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AppBrowser, BACKENDS, chooseFile, until, waitForAlert, waitForResult } from './browser';
import { FIXTURES } from './fixtures';
import { haversineKm } from '../../src/core/geo/haversine';

interface RegionView {
  constraints: string[];
  labels: string[];
  restriction: string;
  rows: { lat: number; lon: number }[];
  gridPanel: boolean;
  gridTarget: string;
  estimate: number;
  shadedPaths: number;
  shadedNote: number;
  gridRows: number;
  busy: boolean;
  running: boolean;
}

function regionView(page: Page): Promise<RegionView> {
  return page.evaluate(() => {
    const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    const constraints = [...document.querySelectorAll<HTMLElement>('[data-testid="constraint"]')];
    return {
      constraints: constraints.map((el) => el.dataset.id ?? ''),
      labels: constraints.map((el) => text(el)),
      restriction: text(document.querySelector('[data-testid="map-restriction"]')),
      rows: [...document.querySelectorAll('[data-testid="candidate-row"]')].map((row) => {
        const cells = row.querySelectorAll('td');
        return { lat: Number(text(cells[0]!)), lon: Number(text(cells[1]!)) };
      }),
      gridPanel: document.querySelector('[data-testid="grid-panel"]') !== null,
      gridTarget: document.querySelector<HTMLElement>('[data-testid="grid-panel"]')?.dataset.target ?? '',
      shadedPaths: document.querySelectorAll('[data-testid="map"] path.region-shade').length,
      shadedNote: Number(document.querySelector<HTMLElement>('[data-testid="region-shaded"]')?.dataset.count ?? 0),
      estimate: Number(document.querySelector<HTMLElement>('[data-testid="grid-estimate"]')?.dataset.points ?? 0),
      gridRows: document.querySelectorAll('[data-testid="index-row"][data-grid="true"]').length,
      busy: document.querySelector('[data-testid="draw-rectangle"]')?.hasAttribute('disabled') ?? true,
      running: document.querySelector('[data-testid="chat"]')?.getAttribute('data-busy') === 'true',
    };
  });
}

async function regionUntil(page: Page, what: string, condition: (v: RegionView) => boolean): Promise<RegionView> {
  let last: RegionView | null = null;
  await until(page, what, () => true); // the screen is readable
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    last = await regionView(page);
    if (condition(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`Gave up waiting for ${what}: ${JSON.stringify(last)}`);
}

/** The box's edges from its label ("In the box S to N N, W to E E"). */
function boxOf(label: string): { south: number; north: number; west: number; east: number } {
  const m = /In the box (-?[\d.]+) to (-?[\d.]+) N, (-?[\d.]+) to (-?[\d.]+) E/.exec(label);
  if (!m) throw new Error(`No box in "${label}"`);
  return { south: Number(m[1]), north: Number(m[2]), west: Number(m[3]), east: Number(m[4]) };
}

const OCEAN = { lat: 0, lon: -140, km: 30 }; // the gallery has no place within 30 km of this point

describe.each(BACKENDS)('a region you choose on %s', (backend) => {
  let app: AppBrowser;
  let page: Page;

  beforeAll(async () => {
    app = await AppBrowser.launch(`region-${backend}`);
    page = await app.open(backend);
  });

  afterAll(async () => {
    await app?.close();
  });

  test('a box drawn on the map restricts the answer; Undo restores it', async () => {
    await chooseFile(page, FIXTURES.plain);
    await waitForResult(page, 'plain.jpg');
    const before = await regionUntil(page, 'the region tools', (v) => !v.busy && v.rows.length > 0);
    expect(before.constraints).toEqual([]);

    await page.click('[data-testid="draw-rectangle"]');
    const map = (await page.locator('[data-testid="map"]').boundingBox())!;
    // Two opposite corners in the middle of the map: a box a fifth of its size.
    const x0 = map.x + map.width * 0.4;
    const y0 = map.y + map.height * 0.4;
    await page.mouse.click(x0, y0);
    await page.mouse.move(x0 + map.width * 0.2, y0 + map.height * 0.2, { steps: 5 });
    await page.mouse.click(x0 + map.width * 0.2, y0 + map.height * 0.2);

    const restricted = await regionUntil(page, 'the drawn box to restrict the search', (v) => v.constraints.includes('in-area') && v.restriction !== '' && !v.busy);
    const drawn = boxOf(restricted.labels[0]!);
    expect(drawn.north).toBeGreaterThan(drawn.south);
    expect(restricted.restriction).toMatch(/Search restricted \(In the box .*\): [\d,]+ of 100,000 index places left/);
    expect(restricted.rows.length).toBeGreaterThan(0);
    for (const row of restricted.rows) {
      expect(row.lat).toBeGreaterThanOrEqual(drawn.south - 1e-3);
      expect(row.lat).toBeLessThanOrEqual(drawn.north + 1e-3);
      expect(row.lon).toBeGreaterThanOrEqual(drawn.west - 1e-3);
      expect(row.lon).toBeLessThanOrEqual(drawn.east + 1e-3);
    }
    expect(await page.locator('.leaflet-overlay-pane path.leaflet-interactive, .leaflet-overlay-pane path').count()).toBeGreaterThan(0);

    await page.click('[data-testid="constraint-undo"]');
    const undone = await regionUntil(page, 'Undo to restore the answer', (v) => v.constraints.length === 0 && v.restriction === '' && !v.busy && JSON.stringify(v.rows) === JSON.stringify(before.rows));
    expect(undone.rows).toEqual(before.rows);
    expect(undone.shadedPaths).toBe(0);
  });

  test('a country picked from the list is shaded on the map, offered a grid, and Undo removes the shading', async () => {
    const before = await regionUntil(page, 'the region tools', (v) => !v.busy && v.rows.length > 0 && v.constraints.length === 0);
    expect(before.shadedPaths).toBe(0);
    await page.fill('[data-testid="region-search"]', 'Portug');
    await page.locator('[data-testid="region-choices"] button', { hasText: 'Portugal (country)' }).click();
    const picked = await regionUntil(page, 'Portugal to be shaded', (v) => v.constraints.includes('require-country:PT') && !v.busy && v.shadedPaths > 0 && v.gridTarget === 'require-country:PT' && v.estimate > 0);
    expect(picked.shadedNote).toBe(1);
    expect(picked.restriction).toMatch(/Search restricted \(In Portugal\): [\d,]+ of 100,000 index places left/);
    for (const row of picked.rows) {
      expect(row.lat).toBeGreaterThan(29); // mainland, Madeira, the Azores
      expect(row.lon).toBeLessThan(-6);
    }
    // Undo removes the shading with the restriction.
    await page.click('[data-testid="constraint-undo"]');
    const undone = await regionUntil(page, 'Undo to remove the shading', (v) => v.constraints.length === 0 && !v.busy && v.restriction === '');
    expect(undone.shadedPaths).toBe(0);
    expect(undone.shadedNote).toBe(0);
    expect(undone.rows).toEqual(before.rows);
  });

  test('an empty area is refused; a denser grid fills it, is kept over a reload and is searched', async () => {
    await page.fill('[data-testid="region-typed"]', `${OCEAN.lat},${OCEAN.lon},${OCEAN.km}`);
    await page.press('[data-testid="region-typed"]', 'Enter');
    const refused = await waitForAlert(page, 'constraints-empty');
    expect(refused.alert!.text).toMatch(/No place in the index lies in this region/);
    const offered = await regionUntil(page, 'the grid offer', (v) => v.gridPanel && v.estimate > 0);
    expect(offered.constraints).toEqual([]); // the earlier answer stays

    await page.fill('[data-testid="grid-spacing"]', '10');
    const sized = await regionUntil(page, 'the grid size at 10 km', (v) => v.estimate > 0 && v.estimate < offered.estimate);
    await page.click('[data-testid="grid-start"]');
    const searched = await regionUntil(page, 'the grid to be built and searched', (v) => v.constraints.includes('in-area') && v.gridRows === 1 && !v.running && v.rows.length > 0);
    for (const row of searched.rows) expect(haversineKm(OCEAN, row)).toBeLessThanOrEqual(OCEAN.km + 0.1);
    expect(searched.rows.length).toBeLessThanOrEqual(sized.estimate);

    await page.reload();
    await until(page, 'the app after a reload', (s) => !s.indexListBusy && s.indexRows === 2);
    await chooseFile(page, FIXTURES.plain);
    await waitForResult(page, 'plain.jpg');
    await regionUntil(page, 'the region tools after a reload', (v) => !v.running && v.gridRows === 1);
    await page.fill('[data-testid="region-typed"]', `${OCEAN.lat},${OCEAN.lon},${OCEAN.km}`);
    await page.press('[data-testid="region-typed"]', 'Enter');
    const again = await regionUntil(page, 'the kept grid to be searched', (v) => v.constraints.includes('in-area') && !v.running && v.restriction !== '');
    expect(again.restriction).toMatch(/of 100,0\d\d index places left/);
    for (const row of again.rows) expect(haversineKm(OCEAN, row)).toBeLessThanOrEqual(OCEAN.km + 0.1);
  });

  test('a first-level region picked from the list is shaded as cells and gets its own denser grid', async () => {
    await page.click('[data-testid="constraint-undo"]');
    await regionUntil(page, 'the box to be undone', (v) => v.constraints.length === 0 && !v.busy);
    await page.fill('[data-testid="region-search"]', 'Lisbo');
    await page.locator('[data-testid="region-choices"] button', { hasText: ', Portugal' }).first().click();
    const picked = await regionUntil(page, 'the region to be shaded and offered a grid', (v) => v.constraints.some((c) => c.startsWith('require-region:PT-')) && !v.busy && v.shadedPaths > 0 && v.gridTarget.startsWith('require-region:PT-') && v.estimate > 0);
    expect(await page.locator('[data-testid="region-shaded"]').textContent()).toMatch(/cells of about \d+ km/);
    await page.fill('[data-testid="grid-spacing"]', '25');
    await regionUntil(page, 'the grid size at 25 km', (v) => v.estimate > 0 && v.estimate < picked.estimate);
    await page.click('[data-testid="grid-start"]');
    const searched = await regionUntil(page, 'the region grid to be built and searched', (v) => v.gridRows === 2 && !v.running && !v.busy && v.rows.length > 0 && /of 100,\d{3} index places left/.test(v.restriction) && !/of 100,000 /.test(v.restriction));
    for (const row of searched.rows) {
      expect(row.lat).toBeGreaterThan(37); // near Lisbon, whatever the region's edges
      expect(row.lat).toBeLessThan(40.5);
      expect(row.lon).toBeGreaterThan(-10.5); // Portugal's waters off Cabo da Roca
      expect(row.lon).toBeLessThan(-7.5);
    }
  });
});
