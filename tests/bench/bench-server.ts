// The benchmark page (tests/bench/browser) served by Vite's dev server and opened in Chromium.
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { createServer } from 'vite';
import { launchChromium } from './chromium';

const ROOT = resolve(import.meta.dirname, '../..');

export async function withBenchPage<T>(work: (page: Page) => Promise<T>): Promise<T> {
  const server = await createServer({
    configFile: join(ROOT, 'vite.config.ts'),
    root: join(ROOT, 'tests/bench/browser'),
    publicDir: join(ROOT, 'public'),
    logLevel: 'error',
    // No dependency discovery: a late re-optimisation would reload the page in the middle of a run.
    // CommonJS packages the surface bench imports (the map, the country borders) are listed here.
    optimizeDeps: { noDiscovery: true, include: ['leaflet', 'leaflet.heat', 'topojson-client', '@rapideditor/country-coder'] },
    server: { port: 0, host: '127.0.0.1', fs: { allow: [ROOT] }, hmr: false },
  });
  await server.listen();
  const address = server.httpServer!.address() as { port: number };
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${address.port}/index.html`);
    await page.waitForFunction(() => document.getElementById('out')?.textContent === 'ready', undefined, { timeout: 120_000 });
    return await work(page);
  } finally {
    await browser.close();
    await server.close();
  }
}
