// The core is compiled against the plain ES library (no DOM, no Node types), yet the
// globals below exist in browsers, workers and Node alike. These minimal shapes type
// exactly what this folder uses.

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmNamespace {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

interface Host {
  WebAssembly?: WasmNamespace;
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
}

const host = globalThis as unknown as Host;

export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The WebAssembly namespace, or undefined where the engine has none. */
export function webAssembly(): WasmNamespace | undefined {
  return host.WebAssembly;
}

export function encodeUtf8(text: string): Uint8Array {
  return new host.TextEncoder().encode(text);
}

/** Throws a TypeError on malformed UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new host.TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
