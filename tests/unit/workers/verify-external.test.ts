// The checks before load cover external data files: the tiny GeoCLIP whose location weights live
// in onnx/location_model.onnx_data, read from its folder on disk, whole and then damaged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findEntry, filesFor } from '../../../models/registry';
import { verifyModelFiles, type ReadModelFile } from '../../../workers/lib/verify-files';

const entry = findEntry('tiny-geoclip-external')!;
const folder = join(import.meta.dirname, '../../../public/models', entry.id);

function reader(damaged?: string): ReadModelFile {
  return async (path) => {
    try {
      const bytes = readFileSync(join(folder, path));
      if (path === damaged) bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
      return new Response(bytes);
    } catch {
      return undefined;
    }
  };
}

describe('checks before load with external data', () => {
  test('a whole folder passes, and a damaged .onnx_data is named', async () => {
    const files = filesFor(entry, 'wasm', false);
    expect(files.map((f) => f.path)).not.toContain('onnx/location_model.onnx_data');
    await expect(verifyModelFiles('test:whole', files, reader())).resolves.toBeUndefined();
    await expect(verifyModelFiles('test:damaged', files, reader('onnx/location_model.onnx_data'))).rejects.toMatchObject({
      code: 'model-checksum',
      message: expect.stringContaining('onnx/location_model.onnx_data'),
    });
  });
});
