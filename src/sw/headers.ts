// Headers the service worker puts on every response it serves. Cross-origin isolation must
// survive an offline reload, or SharedArrayBuffer (and with it multi-threaded WASM) disappears;
// a static server that sends no such headers gets them from here after the first visit.
export const ISOLATION: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** A copy of `response` with extra headers. */
export function withHeaders(response: Response, extra: Record<string, string>, body: BodyInit | null = response.body): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/** Puts `policy` into the page's CSP meta element (written there by the build). */
export function replaceMetaPolicy(html: string, policy: string): string {
  const escaped = policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return html.replace(/(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/i, `$1${escaped}$2`);
}
