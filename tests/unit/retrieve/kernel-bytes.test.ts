import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernelWat, renderKernelModule } from '../../../src/build/kernel-compile';
import { KERNEL_WASM } from '../../../src/core/retrieve/kernel-wasm';

const folder = new URL('../../../src/core/retrieve/', import.meta.url);

describe('kernel-wasm.ts', () => {
  it('holds exactly what kernel.wat compiles to (run build-kernel.ts after editing the .wat)', async () => {
    const fresh = await compileKernelWat(readFileSync(new URL('kernel.wat', folder), 'utf8'));
    expect([...KERNEL_WASM]).toEqual([...fresh]);
    expect(readFileSync(new URL('kernel-wasm.ts', folder), 'utf8')).toBe(renderKernelModule(fresh));
  });

  it('is a small module that compiles synchronously and uses SIMD', () => {
    expect(KERNEL_WASM.length).toBeLessThan(4096);
    expect(WebAssembly.validate(KERNEL_WASM)).toBe(true);
    expect(WebAssembly.Module.exports(new WebAssembly.Module(KERNEL_WASM))).toEqual([
      { name: 'scoreRows', kind: 'function' },
      { name: 'sumExp', kind: 'function' },
    ]);
  });
});
