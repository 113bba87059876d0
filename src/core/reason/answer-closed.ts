// The answer prompts ask for exactly one JSON object and nothing after it. Small models often go on
// writing after it (a second answer, the reasoning again) until the token limit; every token after
// the object is time spent on text the reader ignores, so generation may stop once it is closed.
import { findJsonObjects } from '../text/lenient-json';
import { parseAnswer } from './parse-answer';

/** True when the reply so far ends with a whole JSON object (a code fence may follow) that reads as an answer. */
export function answerIsClosed(reply: string): boolean {
  const text = reply.replace(/[\s`]+$/, '');
  if (!text.endsWith('}')) return false;
  const last = findJsonObjects(text).at(-1);
  if (!last || last.truncated || last.end !== text.length) return false;
  return parseAnswer(reply).ok;
}
