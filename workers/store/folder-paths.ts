// Matching files of an imported model folder to the URLs transformers.js asks for. Pure.

/** Splits an imported file's relative path ("<owner>/<name>/onnx/x.onnx" or "<name>/config.json") into model id and path. */
export function splitModelPath(relativePath: string): { modelId: string; path: string } | null {
  const parts = relativePath.split('/').filter(Boolean);
  const inner = parts.findIndex((part, i) => i > 0 && (part === 'onnx' || /\.json$/.test(part)));
  if (inner < 1) return null;
  return { modelId: parts.slice(0, inner).join('/'), path: parts.slice(inner).join('/') };
}

/** Path segments shared by the ends of two paths. */
function sharedTail(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * The stored file whose path ends like the requested URL, over at least the model folder's name
 * and the file path; the user may have picked the model folder, its owner folder or one above.
 */
export function bestMatch(url: string, stored: string[]): string | undefined {
  const wanted = url.split('?')[0]!.split('/');
  let best: { key: string; shared: number } | undefined;
  for (const key of stored) {
    const parts = key.split('/');
    const shared = sharedTail(wanted, parts);
    const inner = parts.findIndex((part, i) => i > 0 && (part === 'onnx' || /\.json$/.test(part)));
    // The shared tail must cover the path inside the model folder plus the folder's own name.
    if (inner > 0 && shared >= parts.length - inner + 1 && (!best || shared > best.shared)) best = { key, shared };
  }
  return best?.key;
}

