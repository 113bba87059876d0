import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
export const GALLERY = '/work/shared/data/geoclip-gallery/coordinates_100K.csv';
export const LOCAL_GALLERY = join(ROOT, 'public/gallery/coordinates_100K.csv');
export const MODELS = join(ROOT, 'public/models');
export const TINY = join(MODELS, 'whereabouts/tiny-geoclip');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [join(ROOT, 'src/cli/whereabouts.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'whereabouts-cli-'));
}

/** A one-line error: exactly one line on stderr, starting with the program name, and no stack frames. */
export function isOneLineError(run: CliRun): boolean {
  const lines = run.stderr.trim().split('\n');
  return run.code !== 0 && lines.length === 1 && lines[0]!.startsWith('whereabouts: ') && !/\n\s+at /.test(run.stderr);
}
