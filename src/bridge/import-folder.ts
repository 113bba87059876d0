// Hands a folder the user picked to the model store. Runs on the main thread only to read the
// File objects' relative paths; the files themselves go to IndexedDB.
import { importFiles } from '../../workers/store/model-folder';
import type { PickedFile } from './types';

export function importModelFiles(files: (File | PickedFile)[]): Promise<{ stored: number; models: string[] }> {
  return importFiles(
    files.map((item) =>
      item instanceof File
        ? { relativePath: (item as File & { webkitRelativePath?: string }).webkitRelativePath || item.name, blob: item }
        : { relativePath: item.relativePath, blob: item.file },
    ),
  );
}
