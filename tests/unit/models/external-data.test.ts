import { describe, expect, test } from 'vitest';
import { externalDataPaths, withExternalData } from '../../../models/external-data';

const config = (setting: unknown) => ({ model_type: 'qwen2_vl', 'transformers.js_config': { use_external_data_format: setting } });

describe('external data files, as transformers.js finds them', () => {
  test('true, a count, or a table by file or graph name', () => {
    expect(externalDataPaths('onnx/decoder_model_merged_q4.onnx', 'decoder_model_merged', config(true))).toEqual(['onnx/decoder_model_merged_q4.onnx_data']);
    expect(externalDataPaths('onnx/vision_encoder.onnx', 'vision_encoder', config(3))).toEqual([
      'onnx/vision_encoder.onnx_data',
      'onnx/vision_encoder.onnx_data_1',
      'onnx/vision_encoder.onnx_data_2',
    ]);
    const table = config({ 'decoder_model_merged_fp16.onnx': 2, embed_tokens: 1 });
    expect(externalDataPaths('onnx/decoder_model_merged_fp16.onnx', 'decoder_model_merged', table)).toHaveLength(2);
    expect(externalDataPaths('onnx/decoder_model_merged_q4.onnx', 'decoder_model_merged', table)).toEqual([]);
    expect(externalDataPaths('onnx/embed_tokens_q4.onnx', 'embed_tokens', table)).toEqual(['onnx/embed_tokens_q4.onnx_data']);
    expect(externalDataPaths('onnx/model.onnx', 'model', { model_type: 'bert' })).toEqual([]);
    expect(externalDataPaths('onnx/model.onnx', 'model', null)).toEqual([]);
  });

  test("a model's file list gains the data files of the graphs it loads", () => {
    const files = [{ path: 'config.json' }, { path: 'onnx/location_model.onnx', bytes: 10 }, { path: 'onnx/vision_model_q4.onnx' }];
    expect(withExternalData(files, config({ 'location_model.onnx': 1 })).map((f) => f.path)).toEqual([
      'config.json',
      'onnx/location_model.onnx',
      'onnx/vision_model_q4.onnx',
      'onnx/location_model.onnx_data',
    ]);
    expect(withExternalData(files, config({ vision_model: 1 })).map((f) => f.path)).toContain('onnx/vision_model_q4.onnx_data');
    expect(withExternalData(files, null)).toEqual(files);
  });
});

describe('the tiny GeoCLIP with external data', () => {
  test('its location encoder reads its weights from location_model.onnx_data and encodes like the tiny GeoCLIP', async () => {
    const ort = await import('onnxruntime-node');
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { dirname, join } = await import('node:path');
    const { tinyExternalDataModelFiles, tinyModelFiles, TINY_EXTERNAL_MODEL_ID, TINY_MODEL_ID } = await import('../../../models/tiny/model-files');
    const dir = mkdtempSync(join(tmpdir(), 'whereabouts-external-'));
    const files = tinyExternalDataModelFiles();
    for (const file of files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.bytes);
    }
    const config = JSON.parse(new TextDecoder().decode(files.find((f) => f.path.endsWith('config.json'))!.bytes));
    expect(withExternalData([{ path: 'onnx/location_model.onnx' }], config).map((f) => f.path)).toContain('onnx/location_model.onnx_data');

    const graph = files.find((f) => f.path === `${TINY_EXTERNAL_MODEL_ID}/onnx/location_model.onnx`)!;
    const inline = tinyModelFiles().find((f) => f.path === `${TINY_MODEL_ID}/onnx/location_model.onnx`)!;
    expect(graph.bytes.length).toBeLessThan(inline.bytes.length / 2);
    // Without its data file the graph cannot be loaded: the weights really are outside it.
    await expect(ort.InferenceSession.create(graph.bytes)).rejects.toThrow();

    const external = await ort.InferenceSession.create(join(dir, TINY_EXTERNAL_MODEL_ID, 'onnx/location_model.onnx'));
    const reference = await ort.InferenceSession.create(inline.bytes);
    const input = { location: new ort.Tensor('float32', Float32Array.of(48.85, 2.29, -33.9, 151.2), [2, 2]) };
    const a = (await external.run(input)).location_embeds!.data as Float32Array;
    const b = (await reference.run(input)).location_embeds!.data as Float32Array;
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
