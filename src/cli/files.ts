import { readFileSync, statSync } from 'node:fs';
import { CliError } from './fail';

export function readBytes(path: string, what: string): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new CliError(`${what} ${path} does not exist.`);
  }
  if (size === 0) throw new CliError(`${what} ${path} is empty.`);
  return new Uint8Array(readFileSync(path));
}

export function readText(path: string, what: string): string {
  return new TextDecoder().decode(readBytes(path, what));
}

/** A progress line on stderr, redrawn in place on a terminal and printed every 10% otherwise. */
export function progressReporter(label: string): (done: number, total: number) => void {
  let lastDecile = -1;
  return (done, total) => {
    const percent = total === 0 ? 100 : Math.floor((100 * done) / total);
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round((width * percent) / 100);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      if (done === total) process.stderr.write('\n');
    } else if (Math.floor(percent / 10) !== lastDecile) {
      lastDecile = Math.floor(percent / 10);
      process.stderr.write(`${label}: ${done}/${total} (${percent}%)\n`);
    }
  };
}
