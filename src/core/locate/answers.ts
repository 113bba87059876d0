// One question to the model and what came of it: the prompt, the raw reply, and the parsed
// answer, placed by the gazetteer when the model named a place but gave no usable coordinates.

import { parseAnswer, withGazetteerCoordinates, type AnswerParse } from '../reason/parse-answer';
import type { ChatMessage } from '../reason/prompt';
import type { AskPurpose, PipelineServices } from './services';

export interface ModelAnswer {
  readonly purpose: AskPurpose;
  readonly prompt: string;
  /** Exactly what the model wrote (untrusted text). */
  readonly reply: string;
  readonly stopped: boolean;
  readonly parse: AnswerParse;
  /** The model named a place without coordinates and the gazetteer supplied them. */
  readonly placedByGazetteer: boolean;
}

export async function askForAnswer(
  services: PipelineServices,
  messages: readonly ChatMessage[],
  purpose: AskPurpose,
): Promise<ModelAnswer> {
  const prompt = messages[messages.length - 1]?.text ?? '';
  const generation = await services.ask(messages, purpose);
  const parsed = parseAnswer(generation.text);
  const base = { purpose, prompt, reply: generation.text, stopped: generation.stopped };
  if (!parsed.ok || !parsed.needsGazetteer) return { ...base, parse: parsed, placedByGazetteer: false };

  const at = await services.lookUpPlace(parsed.answer);
  if (at === null) {
    const { landmark, city, region, country } = parsed.answer;
    const place = landmark ?? city ?? region ?? country ?? 'a place';
    const parse: AnswerParse = {
      ok: false,
      problem: 'no-location',
      reason: `The answer names ${place} without coordinates, and the offline gazetteer does not know it.`,
    };
    return { ...base, parse, placedByGazetteer: false };
  }
  return { ...base, parse: { ok: true, needsGazetteer: false, answer: withGazetteerCoordinates(parsed.answer, at) }, placedByGazetteer: true };
}
