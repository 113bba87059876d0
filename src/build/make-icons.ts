// Regenerates the app icons in public/icons/ from public/favicon.svg:  npx tsx src/build/make-icons.ts
// The maskable icon pads the mark so that any mask shape (circle, squircle) keeps it whole.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const root = join(import.meta.dirname, '../..');
const svg = readFileSync(join(root, 'public/favicon.svg'));
const out = join(root, 'public/icons');
mkdirSync(out, { recursive: true });

for (const size of [192, 512]) {
  await sharp(svg, { density: 72 * (size / 32) }).resize(size, size).png({ compressionLevel: 9 }).toFile(join(out, `icon-${size}.png`));
}
const inner = 410; // the mark inside the maskable icon's safe zone (80 % of 512)
const mark = await sharp(svg, { density: 72 * (inner / 32) }).resize(inner, inner).png().toBuffer();
await sharp({ create: { width: 512, height: 512, channels: 4, background: '#1f6fb2' } })
  .composite([{ input: mark, gravity: 'centre' }])
  .png({ compressionLevel: 9 })
  .toFile(join(out, 'maskable-512.png'));
await sharp(svg, { density: 72 * (180 / 32) }).resize(180, 180).flatten({ background: '#ffffff' }).png().toFile(join(out, 'apple-touch-icon.png'));
console.log('icons written to public/icons/');
