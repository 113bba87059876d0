// Development-time only: turns kernel.wat into wasm bytes and the TypeScript module that
// embeds them. Shared by build-kernel.ts and the test that checks the embedded bytes are
// current. Runtime code never imports this file (it pulls in the wabt compiler).
import wabt from 'wabt';

export async function compileKernelWat(watText: string): Promise<Uint8Array> {
  const compiler = await wabt();
  const module = compiler.parseWat('kernel.wat', watText, { simd: true });
  try {
    module.validate();
    return module.toBinary({ canonicalize_lebs: true, write_debug_names: false }).buffer.slice();
  } finally {
    module.destroy();
  }
}

export function renderKernelModule(bytes: Uint8Array): string {
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += 24) rows.push(`  ${Array.from(bytes.subarray(i, i + 24)).join(', ')},`);
  return [
    '// Generated from kernel.wat by build-kernel.ts (npx tsx src/build/build-kernel.ts). Do not edit.',
    '',
    '/** The compiled SIMD scoring kernel (WebAssembly binary). */',
    'export const KERNEL_WASM = Uint8Array.of(',
    ...rows,
    ');',
    '',
  ].join('\n');
}
