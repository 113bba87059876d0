// The page's side of the service worker: registers it (built app only), notices when a new
// version waits, and tells it which hosts the user allowed, so that pages and workers get a
// content security policy with exactly those hosts.
//
// A meta CSP cannot change while the page is open, so a changed choice applies from the next
// load: the worker keeps the allowed hosts and writes them into the page's policy (and into the
// policy header of every worker script) when it serves them; the page offers a reload.
import { contentSecurityPolicy, type AllowedHosts } from '../../core/privacy/csp';
import type { AllowReply, ToServiceWorker } from '../../sw/messages';
import type { AppSettings } from '../state/settings';

export function allowedHostsOf(settings: Pick<AppSettings, 'source' | 'hubHost' | 'onlineTiles'>): AllowedHosts {
  return { hub: settings.source === 'hub' ? settings.hubHost : null, tiles: settings.onlineTiles };
}

/** The policy this page was loaded with, or null when it has none (the development server). */
function pagePolicy(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]')?.content ?? null;
}

function send(worker: ServiceWorker, message: ToServiceWorker): Promise<AllowReply> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data as AllowReply);
    worker.postMessage(message, [channel.port2]);
  });
}

export class OfflineApp {
  /** A new version is installed and waits for this page to let it take over. */
  updateReady = $state(false);
  /** The hosts in this page's policy differ from the user's choice: a reload applies the choice. */
  policyStale = $state(false);
  /** The service worker controls this page: a reload works without a network. */
  offlineReady = $state(false);

  #registration: ServiceWorkerRegistration | null = null;
  /** The active worker once registration settles (null: none, e.g. registration failed). */
  #active: Promise<ServiceWorker | null> = Promise.resolve(null);
  /** Messages to the worker, one after another; the Reload button waits for the last. */
  #pending: Promise<void> = Promise.resolve();

  get supported(): boolean {
    return import.meta.env.PROD && typeof navigator !== 'undefined' && 'serviceWorker' in navigator;
  }

  start(): Promise<void> {
    if (!this.supported) return Promise.resolve();
    this.#active = this.#register();
    return this.#active.then(() => undefined);
  }

  async #register(): Promise<ServiceWorker | null> {
    const container = navigator.serviceWorker;
    try {
      this.#registration = await container.register('/sw.js', { scope: '/' });
    } catch (error) {
      console.warn('[whereabouts] the offline worker could not be registered:', error);
      return null;
    }
    const registration = this.#registration;
    const check = () => {
      this.updateReady = registration.waiting !== null && container.controller !== null;
    };
    check();
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'installed') check();
      });
    });
    const ready = await container.ready;
    this.offlineReady = container.controller !== null;
    container.addEventListener('controllerchange', () => {
      this.offlineReady = true;
    });
    return ready.active;
  }

  /** Tells the worker which hosts the user allows now; says whether this page needs a reload for them. */
  allow(hosts: AllowedHosts): Promise<void> {
    const plain = $state.snapshot(hosts) as AllowedHosts;
    // In order, and after registration: a reload before the worker has stored the hosts would
    // bring back the old policy.
    this.#pending = this.#pending
      .then(async () => {
        const worker = await this.#active;
        const policy = worker ? (await send(worker, { type: 'allow', hosts: plain })).policy : contentSecurityPolicy(plain);
        const current = pagePolicy();
        this.policyStale = current !== null && current !== policy;
      })
      .catch((error: unknown) => console.warn('[whereabouts] the allowed hosts could not be stored:', error));
    return this.#pending;
  }

  /** Lets the waiting version take over; the page reloads once it has. */
  applyUpdate(): void {
    const waiting = this.#registration?.waiting;
    if (!waiting) {
      location.reload();
      return;
    }
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    waiting.postMessage({ type: 'skip-waiting' } satisfies ToServiceWorker);
  }

  /** Reloads once the worker has stored the latest choice, so the new page gets it. */
  async reload(): Promise<void> {
    await this.#pending.catch(() => undefined);
    location.reload();
  }
}
