// The app's content security policy, built from the few hosts the user has allowed. Pure: the
// build writes the strict policy into index.html, and the service worker builds the same policy
// with the user's choices when it serves the page and the workers.

/** The OpenStreetMap tile server the map uses when online tiles are on. */
export const TILE_ORIGIN = 'https://tile.openstreetmap.org';

export interface AllowedHosts {
  /** The model hub's address, when the user chose the hub as the model source; otherwise null. */
  hub: string | null;
  /** Whether online map tiles are on. */
  tiles: boolean;
}

export const NOTHING_ALLOWED: Readonly<AllowedHosts> = Object.freeze({ hub: null, tiles: false });

const ADDRESS = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?(?:[/?#]|$)/i;
const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443' };

/**
 * The origin (scheme, host, port) of an http(s) address, or null. Written out by hand because the
 * core has no URL class; anything with user info, odd characters or another scheme is refused.
 */
export function originOf(address: string): string | null {
  const match = ADDRESS.exec(address.trim());
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  const host = match[2]!.toLowerCase().replace(/\.$/, '');
  const port = match[3];
  if (!host || (port !== undefined && Number(port) > 65535)) return null;
  const explicitPort = port !== undefined && port !== DEFAULT_PORT[scheme] ? `:${port}` : '';
  return `${scheme}://${host}${explicitPort}`;
}

function hostnameOf(origin: string): string {
  return origin.replace(/^https?:\/\//, '').replace(/:\d+$/, '');
}

/**
 * The sources a hub needs for connect-src. The Hugging Face hub answers file requests with a
 * redirect to its download hosts (subdomains of huggingface.co and hf.co), so those come with it.
 */
export function hubSources(hub: string): string[] {
  const origin = originOf(hub);
  if (!origin) return [];
  const host = hostnameOf(origin);
  if (host === 'huggingface.co' || host === 'hf.co') return [origin, 'https://*.huggingface.co', 'https://*.hf.co'];
  return [origin];
}

/** The policy as a header or meta value. Only directives a meta element honours are used. */
export function contentSecurityPolicy(allowed: AllowedHosts = NOTHING_ALLOWED): string {
  const connect = ["'self'", ...(allowed.hub ? hubSources(allowed.hub) : [])];
  const images = ["'self'", 'data:', 'blob:', ...(allowed.tiles ? [TILE_ORIGIN] : [])];
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    // ONNX Runtime compiles WebAssembly; that needs 'wasm-unsafe-eval', never 'unsafe-eval'.
    ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
    ['worker-src', ["'self'"]],
    // Svelte writes style attributes into its templates; styles cannot run code, scripts stay strict.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', images],
    ['connect-src', connect],
    ['font-src', ["'self'"]],
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Reads allowed hosts sent by the page; anything malformed allows nothing. */
export function readAllowedHosts(value: unknown): AllowedHosts {
  if (!value || typeof value !== 'object') return { ...NOTHING_ALLOWED };
  const v = value as Record<string, unknown>;
  const hub = typeof v.hub === 'string' ? originOf(v.hub) : null;
  return { hub: hub ? `${hub}/` : null, tiles: v.tiles === true };
}
