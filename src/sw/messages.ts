// Messages between the page and the service worker.
import type { AllowedHosts } from '../core/privacy/csp';

export type ToServiceWorker =
  /** Store the hosts the user allowed; the next page load and worker start get a policy with them. */
  | { type: 'allow'; hosts: AllowedHosts }
  /** Activate the waiting version now (the page reloads when it takes over). */
  | { type: 'skip-waiting' }
  /** Drop the kept copies of one model's files (under /models/<id>/), once any copy being written has landed; replies through the port. */
  | { type: 'forget-model'; id: string };

/** The reply to 'allow', through the message's port: the policy pages will get from now on. */
export interface AllowReply {
  policy: string;
}

/** Where the service worker keeps model files the app has fetched from its own /models/ folder. */
export const MODEL_CACHE = 'whereabouts-models';
/** The cache prefix of the app shell; each version has its own cache. */
export const SHELL_CACHE_PREFIX = 'whereabouts-shell-';
