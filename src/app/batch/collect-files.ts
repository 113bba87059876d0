// Files for the batch: from a multi-file input, a folder input (webkitdirectory), or a drop that
// may hold folders (read through the entries API). Folder contents are filtered to image names;
// files the user picked one by one are all kept, so that a wrong one gets a visible error. Formats the
// app refuses (TIFF, JPEG XL) are kept from folders too: their rows say why, and show the GPS a TIFF carries.

export interface PickedFile {
  readonly file: File;
  /** The path inside a dropped or chosen folder, or the bare name. */
  readonly path: string;
}

const IMAGE_NAME = /\.(jpe?g|jfif|png|webp|avif|heic|heif|gif|bmp|jxl|tiff?)$/i;

function isHidden(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.'));
}

function keepFromFolder(path: string): boolean {
  return IMAGE_NAME.test(path) && !isHidden(path);
}

/** Files from an <input type=file multiple> or a folder input. */
export function filesFromInput(list: FileList | readonly File[]): PickedFile[] {
  return [...list].flatMap((file) => {
    const relative = file.webkitRelativePath;
    if (relative) return keepFromFolder(relative) ? [{ file, path: relative }] : [];
    return [{ file, path: file.name }];
  });
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function readAll(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const entries: FileSystemEntry[] = [];
  // readEntries hands out at most about a hundred entries per call; call it until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return entries;
    entries.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    if (keepFromFolder(path)) out.push({ file: await fileOf(entry as FileSystemFileEntry), path });
  } else if (entry.isDirectory) {
    for (const child of await readAll(entry as FileSystemDirectoryEntry)) await walk(child, path, out);
  }
}

export interface Dropped {
  /** More than one file, or a folder: the batch's business. */
  readonly many: boolean;
  readonly files: Promise<PickedFile[]>;
}

/**
 * What a drop carries. Must be called during the drop event: the browser empties the
 * DataTransfer once the handler returns, so the entries are taken synchronously here.
 */
export function droppedFiles(transfer: DataTransfer): Dropped | null {
  const items = [...transfer.items].filter((item) => item.kind === 'file');
  const entries = items.map((item) => item.webkitGetAsEntry?.() ?? null);
  const plain = [...transfer.files];
  if (plain.length === 0 && entries.every((e) => e === null)) return null;
  const hasFolder = entries.some((e) => e?.isDirectory);
  if (!hasFolder) return { many: plain.length > 1, files: Promise.resolve(plain.map((file) => ({ file, path: file.name }))) };
  const files = (async () => {
    const out: PickedFile[] = [];
    for (const [i, entry] of entries.entries()) {
      if (entry) await walk(entry, '', out);
      else if (plain[i]) out.push({ file: plain[i], path: plain[i].name });
    }
    return out;
  })();
  return { many: true, files };
}
