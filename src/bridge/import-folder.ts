// Hands a folder the user picked to the model store. Runs on the main thread only to read the
// File objects' relative paths; the files themselves go to IndexedDB.
import { importFiles } from '../../workers/store/model-folder';

export function importModelFiles(files: File[]): Promise<{ stored: number; models: string[] }> {
  return importFiles(
    files.map((file) => ({ relativePath: (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name, blob: file })),
  );
}
