// The directory picker where the browser has one (Chromium): walks the folder the user picked
// and returns its files with paths that start at that folder, as <input webkitdirectory> gives them.
import type { PickedFile } from '../../bridge/types';

interface DirectoryHandle {
  kind: 'directory';
  name: string;
  entries(): AsyncIterable<[string, DirectoryHandle | FileHandle]>;
}
interface FileHandle {
  kind: 'file';
  name: string;
  getFile(): Promise<File>;
}
type PickerWindow = Window & { showDirectoryPicker?: (options?: { mode?: 'read' }) => Promise<DirectoryHandle> };

export function canPickDirectory(): boolean {
  return typeof window !== 'undefined' && typeof (window as PickerWindow).showDirectoryPicker === 'function';
}

async function walk(dir: DirectoryHandle, prefix: string, out: PickedFile[]): Promise<void> {
  for await (const [name, handle] of dir.entries()) {
    const path = `${prefix}/${name}`;
    if (handle.kind === 'directory') await walk(handle, path, out);
    else out.push({ relativePath: path, file: await handle.getFile() });
  }
}

/** The picked folder's files, or null when the user closed the picker. */
export async function pickDirectory(): Promise<PickedFile[] | null> {
  let root: DirectoryHandle;
  try {
    root = await (window as PickerWindow).showDirectoryPicker!({ mode: 'read' });
  } catch (error) {
    if ((error as { name?: string })?.name === 'AbortError') return null;
    throw error;
  }
  const files: PickedFile[] = [];
  await walk(root, root.name, files);
  return files;
}
