// Regenerates src/core/retrieve/kernel-wasm.ts from kernel.wat:  npx tsx src/build/build-kernel.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileKernelWat, renderKernelModule } from './kernel-compile';

const folder = join(import.meta.dirname, '../core/retrieve');
const bytes = await compileKernelWat(readFileSync(join(folder, 'kernel.wat'), 'utf8'));
writeFileSync(join(folder, 'kernel-wasm.ts'), renderKernelModule(bytes));
console.log(`kernel-wasm.ts: ${bytes.length} bytes of WebAssembly`);
