// What transformers.js and ONNX Runtime throw when a model file is missing or broken, turned
// into one sentence that names the file. Shared by the browser worker and the CLI.
import { UserFacingError } from './errors';

export function describeLoadFailure(error: unknown, file: string, where: string): UserFacingError {
  const text = String((error as Error)?.message ?? error);
  if (/not found|404|could not locate|no such file|ENOENT|local_files_only|allowRemoteModels/i.test(text)) {
    return new UserFacingError('model-missing', `The model file ${file} was not found in ${where}.`);
  }
  if (/JSON|Unexpected token|Unexpected end/i.test(text)) {
    return new UserFacingError('model-broken', `The model file ${file} is not valid JSON; it may be truncated or replaced by something else.`);
  }
  if (/protobuf|parse|invalid|corrupt|model|session|ERROR_CODE/i.test(text)) {
    return new UserFacingError('model-broken', `The model file ${file} could not be read: it is truncated, damaged or not an ONNX model.`);
  }
  return new UserFacingError('model-load-failed', `Loading ${file} failed: ${text}`);
}

interface SessionNames {
  inputNames: string[];
  outputNames: string[];
}

/** Refuses a model whose ONNX graph does not have the tensor names of the expected encoder. */
export function expectTensorNames(model: unknown, file: string, input: string, output: string): void {
  const session = (model as { sessions?: Record<string, SessionNames> }).sessions?.model;
  if (!session?.inputNames.includes(input) || !session.outputNames.includes(output)) {
    throw new UserFacingError(
      'model-wrong',
      `The model file ${file} is not the expected encoder: it should take "${input}" and give "${output}", but takes ${session?.inputNames.join(', ') ?? 'nothing'} and gives ${session?.outputNames.join(', ') ?? 'nothing'}.`,
    );
  }
}
