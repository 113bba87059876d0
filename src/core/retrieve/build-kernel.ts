// Regenerates kernel-wasm.ts from kernel.wat:  npx tsx src/core/retrieve/build-kernel.ts
import { compileKernelWat, renderKernelModule } from './kernel-compile';

// This script runs under Node, but the core folder is type-checked without Node's types
// (it must stay runnable in browsers). Importing through a variable keeps `node:fs` out of
// that check; the shapes below are all the script needs.
interface FileAccess {
  readFileSync(path: string, encoding: 'utf8'): string;
  writeFileSync(path: string, text: string): void;
}

const { console } = globalThis as unknown as { console: { log(message: string): void } };
const fsModule = 'node:fs';
const fs = (await import(fsModule)) as FileAccess;
const folder = (import.meta as unknown as { dirname: string }).dirname;

const bytes = await compileKernelWat(fs.readFileSync(`${folder}/kernel.wat`, 'utf8'));
fs.writeFileSync(`${folder}/kernel-wasm.ts`, renderKernelModule(bytes));
console.log(`kernel-wasm.ts: ${bytes.length} bytes of WebAssembly`);
