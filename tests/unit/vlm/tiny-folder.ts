// Writes the tiny VLM (and damaged copies of it) into a temporary models folder for a test file.
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyVlmFiles, TINY_VLM_ID } from '../../../models/tiny/vlm-files';
import { writeModelFiles } from '../../../models/tiny/write-files';

export interface TinyFolder {
  root: string;
  /** Absolute path of the intact tiny VLM. */
  model: string;
  /** A copy whose decoder_model_merged.onnx is cut in half. */
  truncatedDecoder: string;
  /** A copy without onnx/embed_tokens.onnx. */
  missingEmbeddings: string;
  remove(): void;
}

export function writeTinyFolder(): TinyFolder {
  const root = mkdtempSync(join(tmpdir(), 'whereabouts-vlm-'));
  const files = tinyVlmFiles();
  writeModelFiles(root, files);
  // Damaged copies keep the folder name, so they are still loaded as the tiny-vlm registry entry.
  const copy = (folder: string, change: (path: string, bytes: Uint8Array) => Uint8Array) =>
    writeModelFiles(join(root, folder), files.map((file) => ({ path: file.path, bytes: change(file.path, file.bytes) })));
  copy('truncated-decoder', (path, bytes) => (path.endsWith('decoder_model_merged.onnx') ? bytes.subarray(0, bytes.length >> 1) : bytes));
  copy('missing-embeddings', (_, bytes) => bytes);
  unlinkSync(join(root, 'missing-embeddings', TINY_VLM_ID, 'onnx/embed_tokens.onnx'));
  return {
    root,
    model: join(root, TINY_VLM_ID),
    truncatedDecoder: join(root, 'truncated-decoder', TINY_VLM_ID),
    missingEmbeddings: join(root, 'missing-embeddings', TINY_VLM_ID),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A small RGBA photo with some structure, so resizing has work to do. */
export function syntheticPixels(width: number, height: number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + x);
      data[i] = (255 * x) / width;
      data[i + 1] = (255 * y) / height;
      data[i + 2] = (x * y) % 256;
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}
