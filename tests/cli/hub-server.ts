// A small stand-in for a Hugging Face-style hub, serving the generated tiny models from a folder
// in hub layout: GET /{id}/resolve/{revision}/{path} (with Range) and the tree API
// GET /api/models/{id}/tree/{revision}?recursive=1, with sizes, LFS SHA-256 for .onnx files and git
// blob ids for the rest. Tests can cut a download short or serve damaged bytes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, relative } from 'node:path';

export interface HubServer {
  url: string;
  /** Every file request: path inside the repository and the Range header, if any. */
  requests: { path: string; range: string | null }[];
  /** Files to cut off after this many bytes, once (the next request is served whole). */
  cutOnce: Map<string, number>;
  /** Files served with one byte changed (same size, wrong checksum). */
  corrupt: Set<string>;
  close(): Promise<void>;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function treeOf(folder: string): object[] {
  return walk(folder).map((file) => {
    const bytes = readFileSync(file);
    const path = relative(folder, file).split('\\').join('/');
    const gitOid = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    const item: Record<string, unknown> = { type: 'file', path, size: bytes.length, oid: gitOid };
    if (/\.onnx(_data(_\d+)?)?$/.test(path)) item.lfs = { oid: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, pointerSize: 134 };
    return item;
  });
}

/** Serves `root` (a models folder: <root>/<owner>/<name>/...) as a hub on 127.0.0.1. */
export function startHub(root: string): Promise<HubServer> {
  const hub: Omit<HubServer, 'url' | 'close'> = { requests: [], cutOnce: new Map(), corrupt: new Set() };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    const tree = /^\/api\/models\/(.+)\/tree\/([^/]+)$/.exec(url.pathname);
    if (tree) {
      const folder = join(root, decodeURIComponent(tree[1]!));
      if (!existsSync(folder)) return void res.writeHead(404).end('{"error":"Repository not found"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(treeOf(folder)));
      return;
    }
    const file = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const full = file ? join(root, decodeURIComponent(file[1]!), decodeURIComponent(file[3]!)) : '';
    if (!file || !existsSync(full)) return void res.writeHead(404).end('Entry not found');
    const path = decodeURIComponent(file[3]!);
    hub.requests.push({ path, range: req.headers.range ?? null });
    let bytes = readFileSync(full);
    if (hub.corrupt.has(path)) {
      bytes = Buffer.from(bytes);
      const middle = bytes.length >> 1;
      bytes[middle] = bytes[middle]! ^ 0xff;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length - start) };
    if (range) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
    else res.writeHead(200, headers);
    const cut = hub.cutOnce.get(path);
    if (cut !== undefined) {
      hub.cutOnce.delete(path);
      res.write(bytes.subarray(start, start + cut));
      // The connection drops part way, as a flaky network would leave it.
      setTimeout(() => res.destroy(), 50);
      return;
    }
    res.end(bytes.subarray(start));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        ...hub,
        url: `http://127.0.0.1:${port}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
