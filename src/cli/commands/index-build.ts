import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseCoordinateCsv } from '../../core/retrieve/coords';
import { IndexBuilder, buildIndexFromEmbeddings } from '../../core/retrieve/build';
import { encodeIndex } from '../../core/retrieve/format';
import { isNpy, parseNpy, parseRawFloat32 } from '../../core/retrieve/npy';
import { encodeGallery } from '../../core/retrieve/encode-gallery';
import type { ElementType, IndexMeta } from '../../core/retrieve/types';
import { loadLocationEncoder, resolveModel } from '../../../workers/node/geoclip';
import { parseOptions, required } from '../main';
import { CliError, usageError } from '../fail';
import { progressReporter, readBytes, readText } from '../files';

const BATCH_ROWS = 2048;

function elementOf(value: string | undefined): ElementType {
  if (value === undefined || value === 'int8' || value === 'fp16') return value ?? 'int8';
  throw usageError(`--element must be int8 or fp16, not '${value}'`);
}

export async function indexBuild(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    coords: { type: 'string' },
    model: { type: 'string' },
    embeddings: { type: 'string' },
    encoder: { type: 'string' },
    out: { type: 'string' },
    element: { type: 'string' },
    'gallery-name': { type: 'string' },
    'created-at': { type: 'string' },
  });
  const coordsPath = required(values.coords, '--coords');
  const out = required(values.out, '--out');
  const element = elementOf(values.element);
  if (Boolean(values.model) === Boolean(values.embeddings)) throw usageError('give exactly one of --model or --embeddings');
  const coords = parseCoordinateCsv(readText(coordsPath, 'Coordinate file'));
  const gallerySource = values['gallery-name'] ?? basename(coordsPath);
  // A fixed --created-at makes the same model and gallery give the same bytes (generated test indexes).
  const createdAt = values['created-at'] ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(createdAt))) throw usageError(`--created-at must be an ISO 8601 date, not '${createdAt}'`);

  let index;
  if (values.embeddings) {
    const [encoderId, encoderRevision] = (values.encoder ?? 'custom-embeddings@unknown').split('@');
    const meta: IndexMeta = { encoderId: encoderId!, encoderRevision: encoderRevision ?? 'unknown', gallerySource, createdAt };
    const bytes = readBytes(values.embeddings, 'Embeddings file');
    const rawDim = bytes.byteLength / 4 / coords.lat.length;
    const matrix = isNpy(bytes) ? parseNpy(bytes) : parseRawFloat32(bytes, Number.isInteger(rawDim) ? rawDim : 0);
    if (matrix.rows !== coords.lat.length) {
      throw new CliError(`The embeddings have ${matrix.rows} rows but the coordinate file has ${coords.lat.length}.`);
    }
    index = buildIndexFromEmbeddings(coords, matrix.data, matrix.cols, meta, element);
  } else {
    const ref = resolveModel(values.model!);
    const encode = await loadLocationEncoder(ref);
    const probe = await encode(Float32Array.of(0, 0), 1);
    const meta: IndexMeta = { encoderId: ref.id, encoderRevision: ref.revision, gallerySource, createdAt };
    const builder = new IndexBuilder({ coords, dim: probe.length, meta, element });
    await encodeGallery({
      lat: coords.lat,
      lon: coords.lon,
      batchRows: BATCH_ROWS,
      done: new Set(),
      encode,
      onBatch: ({ start, rows }) => builder.add(start, rows),
      onProgress: progressReporter('encoding gallery'),
    });
    index = builder.finish();
  }
  const bytes = encodeIndex(index);
  writeFileSync(out, bytes);
  process.stderr.write(`wrote ${out}: ${index.count} rows x ${index.dim} (${index.embeddings.element}), ${bytes.byteLength} bytes\n`);
  return 0;
}
