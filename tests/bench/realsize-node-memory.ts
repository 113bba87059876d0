// Peak resident memory of Node holding the small profile's four models in the dtypes the app uses
// on WASM (onnxruntime-node sessions) and a 100,000-place index; prints {"peakMb": N} on stdout.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { randomIndex } from '../../src/core/retrieve/bench';
import { REGISTRY, dtypeFor, onnxParts, onnxPath } from '../../models/registry';
import { PROFILES } from '../../models/profiles';

const REAL = resolve(import.meta.dirname, '../../.cache/models-real');
const sessions: ort.InferenceSession[] = [];
for (const key of PROFILES.find((p) => p.name === 'small')!.keys) {
  const entry = REGISTRY.find((e) => e.key === key)!;
  for (const part of onnxParts(entry)) sessions.push(await ort.InferenceSession.create(join(REAL, entry.id, onnxPath(part, dtypeFor(part, 'wasm', false)))));
}
const index = randomIndex({ count: 100_000, dim: 512, seed: 42, element: 'int8' });
const pixels = new Float32Array(3 * 224 * 224);
await sessions[0]!.run({ pixel_values: new ort.Tensor('float32', pixels, [1, 3, 224, 224]) });
const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
process.stdout.write(JSON.stringify({ peakMb: peakKb / 1024, sessions: sessions.length, indexRows: index.count }) + '\n');
