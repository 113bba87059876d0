// Records every request of a browser session (pages, their workers, the service worker) and says
// which ones left the app's origin. Start it before the first page opens; add steps to a session
// freely, and call `expectNoneLeft()` at the end.
import type { BrowserContext, Request } from 'playwright-core';

export interface RecordedRequest {
  url: string;
  method: string;
  resourceType: string;
  /** Made by the service worker itself (its precache and its fetches for the page). */
  byServiceWorker: boolean;
}

export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  /** Content security policy reports seen in any console (page, workers, service worker). */
  readonly violations: string[] = [];

  constructor(
    context: BrowserContext,
    private readonly origin: string,
  ) {
    context.on('request', (request: Request) => {
      this.requests.push({
        url: request.url(),
        method: request.method(),
        resourceType: request.resourceType(),
        byServiceWorker: request.serviceWorker() !== null,
      });
    });
    context.on('console', (message) => {
      if (/content security policy/i.test(message.text())) this.violations.push(message.text());
    });
  }

  /**
   * Requests to anything but the app's origin. data: and blob: URLs are read inside the browser
   * and never reach a network, so they are not counted; every other scheme is.
   */
  foreign(): RecordedRequest[] {
    return this.requests.filter((r) => !/^(data|blob):/.test(r.url) && new URL(r.url).origin !== this.origin);
  }

  /** How many requests went to a path of the app (to check that the log saw the session at all). */
  count(pathPrefix: string): number {
    return this.requests.filter((r) => r.url.startsWith(`${this.origin}${pathPrefix}`)).length;
  }

  expectNoneLeft(): void {
    const foreign = this.foreign();
    if (foreign.length > 0) {
      throw new Error(`Requests left the app's origin ${this.origin}:\n${foreign.map((r) => `  ${r.method} ${r.url} (${r.resourceType})`).join('\n')}`);
    }
  }
}

/** Waits until the service worker controls the page (it claims pages as soon as it is active). */
export async function waitForServiceWorker(page: import('playwright-core').Page): Promise<void> {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
}
