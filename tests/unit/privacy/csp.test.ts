import { describe, expect, test } from 'vitest';
import { TILE_ORIGIN, contentSecurityPolicy, hubSources, originOf, readAllowedHosts } from '../../../src/core/privacy/csp';
import { replaceMetaPolicy } from '../../../src/sw/headers';

function directive(policy: string, name: string): string[] {
  const found = policy.split(';').map((d) => d.trim().split(/\s+/)).find((d) => d[0] === name);
  if (!found) throw new Error(`no ${name} in ${policy}`);
  return found.slice(1);
}

describe('content security policy', () => {
  test('by default: only the app itself, no inline or evaluated script, no other origin', () => {
    const policy = contentSecurityPolicy();
    expect(directive(policy, 'default-src')).toEqual(["'self'"]);
    expect(directive(policy, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directive(policy, 'connect-src')).toEqual(["'self'"]);
    expect(directive(policy, 'img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/\s'unsafe-eval'|script-src[^;]*unsafe-inline|https?:/);
  });

  test('a hub the user chose is added to connect-src only; Hugging Face brings its download hosts', () => {
    const custom = contentSecurityPolicy({ hub: 'https://models.example.org:8443/mirror/', tiles: false });
    expect(directive(custom, 'connect-src')).toEqual(["'self'", 'https://models.example.org:8443']);
    expect(directive(custom, 'img-src')).not.toContain('https://models.example.org:8443');
    expect(directive(custom, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(hubSources('https://huggingface.co/')).toEqual(['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co']);
  });

  test('online tiles add the tile server to img-src only', () => {
    const policy = contentSecurityPolicy({ hub: null, tiles: true });
    expect(directive(policy, 'img-src')).toContain(TILE_ORIGIN);
    expect(directive(policy, 'connect-src')).toEqual(["'self'"]);
  });

  test('origins are normalised and anything odd is refused', () => {
    expect(originOf('HTTPS://Hub.Example.org:443/x?y')).toBe('https://hub.example.org');
    expect(originOf('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(originOf('https://user@evil.example/')).toBeNull();
    expect(originOf("https://a.example'; script-src *")).toBeNull();
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('https://x.example:99999/')).toBeNull();
    expect(readAllowedHosts({ hub: 'https://hub.example/path', tiles: 'yes' })).toEqual({ hub: 'https://hub.example/', tiles: false });
    expect(readAllowedHosts('nonsense')).toEqual({ hub: null, tiles: false });
  });

  test('the service worker swaps the policy in the page, escaped', () => {
    const html = '<head><meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;"><title>x</title>';
    const out = replaceMetaPolicy(html, contentSecurityPolicy({ hub: 'https://hub.example/', tiles: false }));
    expect(out).toContain("connect-src 'self' https://hub.example;");
    expect(out).toMatch(/^<head><meta http-equiv="Content-Security-Policy" content="[^"]+"><title>x<\/title>$/);
  });
});
