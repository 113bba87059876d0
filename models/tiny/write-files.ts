// Writes generated model files under a root directory (Node only).

import { closeSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModelFile } from './model-files';
import { encodeOnnxModelPieces } from './onnx-writer';
import { variantOf } from './quantize';
import { variantPath, type RealSizeFile } from './real-size';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function writeModelFiles(outDir: string, files: readonly ModelFile[], log: (line: string) => void = () => {}): void {
  for (const file of files) {
    const target = join(outDir, ...file.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.bytes);
    log(`${target}  ${formatSize(file.bytes.length)}`);
  }
}

/** Writes real-size model folders; each graph is built once and streamed to disk in every variant it asks for. */
export function writeRealSizeFiles(outDir: string, files: readonly RealSizeFile[], log: (line: string) => void = () => {}): void {
  for (const file of files) {
    if ('bytes' in file) {
      writeModelFiles(outDir, [file], log);
      continue;
    }
    const graph = file.graph();
    for (const variant of file.variants) {
      const target = join(outDir, ...variantPath(file.path, variant).split('/'));
      mkdirSync(dirname(target), { recursive: true });
      const { chunks, length } = encodeOnnxModelPieces(variantOf(graph, variant), { docString: file.doc, producerName: 'whereabouts-real-size-models' });
      const fd = openSync(`${target}.part`, 'w');
      try {
        for (const chunk of chunks) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
      renameSync(`${target}.part`, target);
      log(`${target}  ${formatSize(length)}`);
    }
  }
}
