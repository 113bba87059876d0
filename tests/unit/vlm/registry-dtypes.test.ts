// The command line's VLM loader with SmolVLM-256M's own registry entry: a folder named like the hub
// id that holds only the ONNX files the registry asks for on the CPU (the tiny VLM's graphs in
// those dtypes, int8 and q8 quantised for real). It loads and answers only if each session is given
// the dtype whose file is there.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEntry, onnxPath, vlmDtypes, vlmParts, type VlmEntry, type VlmSession } from '../../../models/registry';
import { variantOf, type Variant } from '../../../models/tiny/quantize';
import { decoderGraph, embedTokensGraph, visionEncoderGraph } from '../../../models/tiny/vlm';
import { tinyVlmFiles, tinyVlmSpec, TINY_VLM_ID } from '../../../models/tiny/vlm-files';
import { encodeOnnxModel, type OnnxGraph } from '../../../models/tiny/onnx-writer';
import { writeModelFiles } from '../../../models/tiny/write-files';
import { loadVlmNode, type NodeVlm } from '../../../workers/node/vlm';
import { syntheticPixels } from './tiny-folder';

const entry = findEntry('smolvlm-256m') as VlmEntry;
const spec = tinyVlmSpec();
const GRAPHS: Record<VlmSession, () => OnnxGraph> = {
  vision_encoder: () => visionEncoderGraph(spec),
  embed_tokens: () => embedTokensGraph(spec),
  decoder_model_merged: () => decoderGraph(spec),
};

let root = '';
let folder = '';
let vlm: NodeVlm | undefined;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'whereabouts-vlm-dtypes-'));
  folder = join(root, entry.id);
  const dtypes = vlmDtypes(entry, 'wasm', false);
  const configs = tinyVlmFiles()
    .filter((file) => !file.path.endsWith('.onnx'))
    .map((file) => ({ path: file.path.replace(TINY_VLM_ID, entry.id), bytes: file.bytes }));
  const graphs = vlmParts(entry).map(({ session, part }) => ({
    path: `${entry.id}/${onnxPath(part, dtypes[session])}`,
    bytes: encodeOnnxModel(variantOf(GRAPHS[session](), dtypes[session] as Variant)),
  }));
  writeModelFiles(root, [...configs, ...graphs]);
  vlm = await loadVlmNode(folder);
}, 60_000);

afterAll(async () => {
  await vlm?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("SmolVLM-256M's CPU dtypes through the loader", () => {
  it('are files the hub lists, one per session', () => {
    expect(readdirSync(join(folder, 'onnx')).sort()).toEqual(['decoder_model_merged_quantized.onnx', 'embed_tokens_int8.onnx', 'vision_encoder_int8.onnx']);
  });

  it('load with each session in its own dtype and answer', async () => {
    expect(vlm!.info).toMatchObject({ key: 'smolvlm-256m', dtype: 'q8' });
    expect(vlm!.info.dtypes).toEqual({ vision_encoder: 'int8', embed_tokens: 'int8', decoder_model_merged: 'q8' });
    const result = await vlm!.generate({ pixels: syntheticPixels(48, 36), messages: [{ role: 'user', text: 'Where is this?' }], maxNewTokens: 8 });
    expect(result.tokenCount).toBeGreaterThan(0);
  });
});
