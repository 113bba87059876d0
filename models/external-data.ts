// ONNX graphs whose weights live in separate files ("<graph>.onnx_data", "<graph>.onnx_data_1", …).
// transformers.js fetches them when config.json says so under
// "transformers.js_config": { "use_external_data_format": true | N | { "<file or graph name>": N } }
// (see its utils/model-loader.js); this reads the same setting so that every part of the app that
// lists, checks, caches or downloads a model's files includes them.
import type { ModelFile } from './registry';

/** transformers.js refuses more chunks than this (MAX_EXTERNAL_DATA_CHUNKS). */
const MAX_CHUNKS = 100;

function chunkCount(setting: unknown, fullName: string, baseName: string): number {
  if (!setting) return 0;
  if (typeof setting === 'object') {
    const table = setting as Record<string, unknown>;
    if (Object.hasOwn(table, fullName)) return Number(table[fullName]) || 0;
    if (Object.hasOwn(table, baseName)) return Number(table[baseName]) || 0;
    return 0;
  }
  return Number(setting) || 0;
}

/** The external data files of one ONNX file ("onnx/x_q4.onnx", graph name "x") under a config. */
export function externalDataPaths(onnxPath: string, graphName: string, config: unknown): string[] {
  const setting = (config as { 'transformers.js_config'?: { use_external_data_format?: unknown } } | null)?.['transformers.js_config']?.use_external_data_format;
  const slash = onnxPath.lastIndexOf('/');
  const fullName = onnxPath.slice(slash + 1);
  const count = Math.min(chunkCount(setting, fullName, graphName), MAX_CHUNKS);
  return Array.from({ length: count }, (_, i) => `${onnxPath}_data${i === 0 ? '' : `_${i}`}`);
}

/** The graph name transformers.js would use for an ONNX path: the file name less dtype suffix and extension. */
function graphNameOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.onnx$/, '');
  return name.replace(/_(fp16|quantized|q4f16|q4|int8|uint8|bnb4)$/, '');
}

/** `files` plus the external data files config.json declares for its ONNX graphs (no sizes known). */
export function withExternalData(files: readonly ModelFile[], config: unknown): ModelFile[] {
  const extra = files
    .filter((file) => file.path.endsWith('.onnx'))
    .flatMap((file) => externalDataPaths(file.path, graphNameOf(file.path), config))
    .filter((path) => !files.some((file) => file.path === path))
    .map((path) => ({ path }));
  return [...files, ...extra];
}

/** Parses config.json text; null when it is not JSON. */
export function parseConfig(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
