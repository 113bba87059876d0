// Loads a vision-language model's sessions with the class its config.json names; the model type
// is read in the hub's spelling or the older hyphenated one (see models/model-type.ts).
import {
  AutoConfig,
  AutoModelForImageTextToText,
  Idefics3ForConditionalGeneration,
  PretrainedConfig,
  Qwen2VLForConditionalGeneration,
  type PreTrainedModel,
} from '@huggingface/transformers';
import { canonicalModelType, vlmClassFor } from '../../models/model-type';

type Options = Parameters<typeof AutoModelForImageTextToText.from_pretrained>[1];

export async function loadVlmSessions(location: string, options: Options): Promise<PreTrainedModel> {
  const read = await AutoConfig.from_pretrained(location, options);
  const type = canonicalModelType(read.model_type);
  const config = type && type !== read.model_type ? new PretrainedConfig({ ...read, model_type: type }) : read;
  const loader = { idefics3: Idefics3ForConditionalGeneration, qwen2_vl: Qwen2VLForConditionalGeneration, auto: AutoModelForImageTextToText }[vlmClassFor(type)];
  return loader.from_pretrained(location, { ...options, config });
}
