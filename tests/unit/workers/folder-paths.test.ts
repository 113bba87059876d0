import { describe, expect, it } from 'vitest';
import { bestMatch, splitModelPath } from '../../../workers/store/folder-paths';

describe('imported model folders', () => {
  it('splits relative paths into model folder and inner path', () => {
    expect(splitModelPath('whereabouts/tiny-geoclip/onnx/vision_model.onnx')).toEqual({ modelId: 'whereabouts/tiny-geoclip', path: 'onnx/vision_model.onnx' });
    expect(splitModelPath('tiny-geoclip/config.json')).toEqual({ modelId: 'tiny-geoclip', path: 'config.json' });
    expect(splitModelPath('README.md')).toBeNull();
  });

  it('finds the stored file for local and hub URLs whichever folder level was picked', () => {
    const picked = {
      model: ['tiny-geoclip/config.json', 'tiny-geoclip/onnx/vision_model.onnx'],
      owner: ['whereabouts/tiny-geoclip/config.json', 'whereabouts/tiny-geoclip/onnx/vision_model.onnx'],
      above: ['models/whereabouts/tiny-geoclip/config.json', 'models/whereabouts/tiny-geoclip/onnx/vision_model.onnx'],
    };
    for (const stored of Object.values(picked)) {
      expect(bestMatch('/models/whereabouts/tiny-geoclip/onnx/vision_model.onnx', stored)).toBe(stored[1]);
      expect(bestMatch('https://huggingface.co/whereabouts/tiny-geoclip/resolve/generated/config.json'.replace('/resolve/generated', ''), stored)).toBe(stored[0]);
    }
  });

  it('does not answer for another model or another file', () => {
    const stored = ['whereabouts/tiny-geoclip/config.json', 'whereabouts/tiny-geoclip/onnx/vision_model.onnx'];
    expect(bestMatch('/models/Xenova/geoclip-large-patch14/config.json', stored)).toBeUndefined();
    expect(bestMatch('/models/whereabouts/tiny-geoclip/onnx/location_model.onnx', stored)).toBeUndefined();
  });
});
