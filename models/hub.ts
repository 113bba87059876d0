// The parts of the Hugging Face hub API a download needs: where a file lives, and what the hub
// says about it (size, and a checksum: SHA-256 for LFS files, the git blob id for the rest).
// Shared by the models:fetch command and the app; plain fetch, no Node or DOM APIs.
export interface HubFile {
  path: string;
  size: number;
  /** SHA-256 of the content, for files stored with Git LFS (all model weights). */
  sha256?: string;
  /** Git blob id (SHA-1 of "blob <size>\0<content>"), for small files kept in git itself. */
  gitOid?: string;
}

interface TreeItem {
  type?: string;
  path?: string;
  size?: number;
  oid?: string;
  lfs?: { oid?: string; size?: number };
}

function withSlash(host: string): string {
  return host.endsWith('/') ? host : `${host}/`;
}

/** The download address of one file, as transformers.js asks for it too. */
export function resolveUrl(host: string, id: string, revision: string, path: string): string {
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  return `${withSlash(host)}${id}/resolve/${encodeURIComponent(revision)}/${encodedPath}`;
}

export function treeUrl(host: string, id: string, revision: string): string {
  return `${withSlash(host)}api/models/${id}/tree/${encodeURIComponent(revision)}?recursive=1`;
}

/** The next page of a paginated listing, from a `Link: <url>; rel="next"` header. */
function nextPage(link: string | null): string | null {
  const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
  return match ? match[1]! : null;
}

/** Every file of a model repository at a revision, keyed by path. */
export async function fetchTree(host: string, id: string, revision: string, fetchImpl: typeof fetch = fetch): Promise<Map<string, HubFile>> {
  const files = new Map<string, HubFile>();
  let url: string | null = treeUrl(host, id, revision);
  while (url) {
    const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`the hub did not list ${id}@${revision} (HTTP ${response.status} from ${url})`);
    const items = (await response.json()) as unknown;
    if (!Array.isArray(items)) throw new Error(`the hub's file list for ${id}@${revision} is not a list`);
    for (const item of items as TreeItem[]) {
      if (item.type !== 'file' || typeof item.path !== 'string' || typeof item.size !== 'number') continue;
      const file: HubFile = { path: item.path, size: item.size };
      if (item.lfs?.oid) file.sha256 = item.lfs.oid.toLowerCase();
      else if (item.oid) file.gitOid = item.oid.toLowerCase();
      files.set(item.path, file);
    }
    url = nextPage(response.headers.get('link'));
  }
  return files;
}
