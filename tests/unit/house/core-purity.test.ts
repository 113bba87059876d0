// src/core must stay pure: no DOM, no UI framework, no storage, no model runtime, no Node APIs.
// The type check with tsconfig.core.json (lib ES2023 only) catches DOM globals; this test
// catches imports, which a type check would happily allow.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(import.meta.dirname, '../../../src/core');
const FORBIDDEN_PACKAGES = [/^svelte/, /^comlink/, /^idb-keyval/, /^leaflet/, /^@huggingface\//, /^onnxruntime/, /^node:/, /^exifr/, /^sharp/];
const FORBIDDEN_GLOBALS = /\b(document|window|navigator|localStorage|indexedDB|HTMLElement|OffscreenCanvas|createImageBitmap)\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push(match[1] ?? match[2]!);
  }
  return found;
}

/** The code without comments and string literals, where words like "document" are just words. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

export function violations(file: string, source: string): string[] {
  const problems: string[] = [];
  for (const specifier of importsOf(source)) {
    if (FORBIDDEN_PACKAGES.some((pattern) => pattern.test(specifier))) problems.push(`${file} imports ${specifier}`);
    if (specifier.startsWith('.') && !join(file, '..', specifier).startsWith(CORE)) problems.push(`${file} reaches outside src/core: ${specifier}`);
  }
  const global = codeOnly(source).match(FORBIDDEN_GLOBALS);
  if (global) problems.push(`${file} uses ${global[0]}`);
  return problems;
}

describe('src/core purity', () => {
  it('has source files to check', () => {
    expect(sourceFiles(CORE).length).toBeGreaterThan(10);
  });

  it('imports no DOM, UI, storage, model runtime or Node module', () => {
    const problems = sourceFiles(CORE).flatMap((file) => violations(file, readFileSync(file, 'utf8')).map((p) => p.replace(CORE, 'src/core')));
    expect(problems).toEqual([]);
  });

  it('would catch a forbidden import and a DOM global', () => {
    const file = join(CORE, 'geo/example.ts');
    expect(violations(file, "import { wrap } from 'comlink';")).toHaveLength(1);
    expect(violations(file, "import { x } from '../../app/state';")).toHaveLength(1);
    expect(violations(file, 'const w = window.innerWidth;')).toHaveLength(1);
    expect(violations(file, "import { haversineKm } from './haversine';\n// the window of time\nconst s = 'a PDF document';")).toHaveLength(0);
    expect(relative(CORE, file)).toBe('geo/example.ts');
  });
});
