// Drives the built app in headless Chromium: launching with a fresh profile, opening the app on
// one backend, giving it photos, and waiting for states the UI shows (never for a fixed time).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

export type Backend = 'webgpu' | 'wasm';
export const BACKENDS: readonly Backend[] = ['webgpu', 'wasm'];

/** The registry key of the generated test model. */
export const TEST_MODEL = 'tiny-geoclip';
/** Candidate rows a run shows (src/app/state: CANDIDATES). */
export const CANDIDATES = 15;
/** Rows in the bundled gallery (public/gallery/coordinates_100K.csv). */
export const GALLERY_ROWS = 100_000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
];

export interface StageView {
  status: string;
  detail: string;
}

/** What the screen shows, read in one go. */
export interface Snapshot {
  stages: Record<string, StageView>;
  alert: { code: string; text: string } | null;
  rows: number;
  markers: number;
  result: string;
  warning: boolean;
  exifPoint: string;
  exifDistance: string;
  building: boolean;
  indexRows: number;
  indexListBusy: boolean;
  files: { name: string; size: string }[];
  /** How many DOM changes the page had made when this was read. */
  changes: number;
}

/** Records what passes by between two reads, so short-lived states are not missed. */
export interface Recording {
  sawIndexProgress: boolean;
  maxIndexDone: number;
  resumedFrom: number[];
  files: Record<string, string[]>;
  cancelled: boolean;
}

declare global {
  interface Window {
    __e2eRecording?: Recording;
    __e2eObserver?: MutationObserver;
    __e2eChanges?: number;
  }
}

/** One Chromium with its own, fresh profile; closes and deletes it at the end. */
export class AppBrowser {
  /** Every http(s) request that went anywhere but the app's own origin. */
  readonly foreignRequests: string[] = [];
  /** Uncaught errors in the page. */
  readonly pageErrors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    private readonly profile: string,
    readonly baseUrl: string,
  ) {}

  static async launch(label: string): Promise<AppBrowser> {
    const baseUrl = inject('baseUrl');
    const profile = mkdtempSync(join(tmpdir(), `whereabouts-e2e-${label}-`));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    const browser = new AppBrowser(context, profile, baseUrl);
    context.on('request', (request) => {
      const url = request.url();
      if (/^(data|blob):/.test(url)) return;
      if (!url.startsWith(`${baseUrl}/`)) browser.foreignRequests.push(url);
    });
    // Counts DOM changes from the first moment of every page, so that waiting for "the next change"
    // cannot miss one that happened between two reads.
    await context.addInitScript(() => {
      window.__e2eChanges = 0;
      new MutationObserver(() => {
        window.__e2eChanges = (window.__e2eChanges ?? 0) + 1;
      }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    context.on('page', (page) => browser.watch(page));
    for (const page of context.pages()) browser.watch(page);
    return browser;
  }

  private watch(page: Page): void {
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
  }

  /** The first tab, opened on the app with the test model and the given backend. */
  async open(backend: Backend, page?: Page, extraQuery = ''): Promise<Page> {
    const tab = page ?? this.context.pages()[0] ?? (await this.context.newPage());
    await tab.goto(`${this.baseUrl}/?device=${backend}&model=${TEST_MODEL}${extraQuery}`);
    await tab.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    return tab;
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** Reads the screen. Runs in the page. */
function readScreen(): Snapshot {
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const stages: Record<string, StageView> = {};
  for (const el of document.querySelectorAll<HTMLElement>('li[data-testid^="stage-"]')) {
    const name = (el.dataset.testid ?? '').slice('stage-'.length);
    stages[name] = { status: el.dataset.status ?? '', detail: [...el.querySelectorAll('.detail')].map(text).join(' ') };
  }
  const alert = document.querySelector<HTMLElement>('[role="alert"]');
  const map = document.querySelector<HTMLElement>('[data-testid="map"]');
  return {
    stages,
    alert: alert ? { code: alert.dataset.code ?? '', text: text(alert) } : null,
    rows: document.querySelectorAll('[data-testid="candidate-row"]').length,
    markers: Number(map?.dataset.markers ?? 0),
    result: text(document.querySelector('[data-testid="result"]')),
    warning: document.querySelector('[data-testid="test-model-warning"]') !== null,
    exifPoint: text(document.querySelector('[data-testid="exif-point"]')),
    exifDistance: text(document.querySelector('[data-testid="exif-distance"]')),
    building: document.querySelector('[data-testid="index-progress"]') !== null,
    indexRows: document.querySelectorAll('[data-testid="index-row"]').length,
    indexListBusy: document.querySelector('[data-testid="index-list"]')?.getAttribute('aria-busy') === 'true',
    files: [...document.querySelectorAll('ul[aria-label="Model files"] > li')].map((li) => ({
      name: text(li.querySelector('.file')),
      size: text(li.querySelector('.mb')),
    })),
    changes: window.__e2eChanges ?? 0,
  };
}

export function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(readScreen);
}

/** Resolves once the page has made more than `seen` DOM changes (or after a second without one, to read again). */
function nextChange(page: Page, seen: number): Promise<void> {
  return page.evaluate(
    (seen) =>
      new Promise<void>((resolve) => {
        if ((window.__e2eChanges ?? 0) > seen) {
          resolve();
          return;
        }
        const observer = new MutationObserver(() => done());
        const timer = setTimeout(() => done(), 1000);
        function done() {
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        }
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      }),
    seen,
  );
}

/**
 * Waits until the screen satisfies `condition`. Reads again on every DOM change; gives up (with
 * the last screen in the message) only when the test's own timeout would anyway.
 */
export async function until(page: Page, what: string, condition: (s: Snapshot) => boolean, limitMs = 280_000): Promise<Snapshot> {
  const deadline = Date.now() + limitMs;
  let last: Snapshot | null = null;
  for (;;) {
    last = await snapshot(page);
    if (condition(last)) return last;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}. The screen shows:\n${JSON.stringify(last, null, 2)}`);
    await nextChange(page, last.changes).catch((error: unknown) => {
      // A navigation while waiting ends the page's script context; read the new page.
      if (!/context was destroyed|navigation/i.test(String((error as Error)?.message))) throw error;
    });
  }
}

/** A finished run for the file `name`: all stages done and the result panel shows that file. */
export function waitForResult(page: Page, name: string): Promise<Snapshot> {
  return until(
    page,
    `the result for ${name}`,
    (s) => {
      if (s.alert) throw new Error(`Expected a result for ${name}, but the app shows an alert (${s.alert.code}): ${s.alert.text}`);
      return Object.values(s.stages).every((stage) => stage.status === 'done') && s.result.includes(`${name} ·`) && s.rows > 0;
    },
  );
}

/** A run that ended with the alert `code`. */
export function waitForAlert(page: Page, code: string): Promise<Snapshot> {
  return until(page, `an alert with code ${code}`, (s) => s.alert?.code === code && !Object.values(s.stages).some((st) => st.status === 'running'));
}

/** Gives the app a file through its file input (the "Choose photo…" button's input). */
export async function chooseFile(page: Page, path: string): Promise<void> {
  await page.setInputFiles('[data-testid=file-input]', path);
}

/** Drops a file on the drop zone with a synthetic drag-and-drop carrying a DataTransfer. */
export async function dropFile(page: Page, path: string, type: string): Promise<void> {
  const bytes = readFileSync(path).toString('base64');
  await page.evaluate(
    ({ bytes, name, type }) => {
      const raw = atob(bytes);
      const data = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type }));
      const zone = document.querySelector('[data-testid="drop-zone"]');
      if (!zone) throw new Error('The page has no drop zone.');
      const init = { dataTransfer: transfer, bubbles: true, cancelable: true };
      zone.dispatchEvent(new DragEvent('dragenter', init));
      zone.dispatchEvent(new DragEvent('dragover', init));
      zone.dispatchEvent(new DragEvent('drop', init));
    },
    { bytes, name: basename(path), type },
  );
}

/**
 * Starts recording short-lived states (index build progress, "picked up from N", per-file sizes)
 * until the page reloads. With `cancelAtRows`, clicks the index build's Cancel button as soon as
 * the build has stored at least that many rows.
 */
export async function record(page: Page, options: { cancelAtRows?: number } = {}): Promise<void> {
  await page.evaluate(({ cancelAtRows }) => {
    window.__e2eObserver?.disconnect();
    const recording: Recording = { sawIndexProgress: false, maxIndexDone: 0, resumedFrom: [], files: {}, cancelled: false };
    window.__e2eRecording = recording;
    const look = () => {
      const progress = document.querySelector<HTMLProgressElement>('[data-testid="index-progress"]');
      if (progress) {
        recording.sawIndexProgress = true;
        if (progress.hasAttribute('value')) recording.maxIndexDone = Math.max(recording.maxIndexDone, progress.value);
        const detail = progress.closest('li')?.textContent ?? '';
        const resumed = /picked up from ([\d,]+) built earlier/.exec(detail);
        if (resumed) recording.resumedFrom.push(Number(resumed[1]!.replace(/,/g, '')));
        if (cancelAtRows !== null && !recording.cancelled && progress.hasAttribute('value') && progress.value >= cancelAtRows) {
          const button = document.querySelector<HTMLButtonElement>('[data-testid="index-cancel"]');
          if (button) {
            recording.cancelled = true;
            button.click();
          }
        }
      }
      for (const li of document.querySelectorAll('ul[aria-label="Model files"] > li')) {
        const name = (li.querySelector('.file')?.textContent ?? '').trim();
        const size = (li.querySelector('.mb')?.textContent ?? '').replace(/\s+/g, ' ').trim();
        const seen = (recording.files[name] ??= []);
        if (seen[seen.length - 1] !== size) seen.push(size);
      }
    };
    const observer = new MutationObserver(look);
    window.__e2eObserver = observer;
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
    look();
  }, { cancelAtRows: options.cancelAtRows ?? null });
}

export async function recording(page: Page): Promise<Recording> {
  const found = await page.evaluate(() => window.__e2eRecording ?? null);
  if (!found) throw new Error('Nothing was recorded: call record(page) first (a reload ends a recording).');
  return found;
}

/** The number of batches of a build in progress stored in IndexedDB (a build the UI cancelled or a reload cut short). */
export function storedBuildBatches(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('whereabouts-builds')) return 0;
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('whereabouts-builds');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('batches')) {
          db.close();
          resolve(0);
          return;
        }
        const count = db.transaction('batches', 'readonly').objectStore('batches').count();
        count.onsuccess = () => {
          db.close();
          resolve(count.result);
        };
        count.onerror = () => reject(count.error);
      };
    });
  });
}
