// Stopping a reply once its JSON answer is closed must never change the answer read from it: checked
// on every real reply in ../shared/data/answers-real (read where it lies), cut at each closing brace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerIsClosed } from '../../../src/core/reason/answer-closed';
import { parseAnswer, type AnswerParse } from '../../../src/core/reason/parse-answer';

const ANSWERS = join(import.meta.dirname, '../../../../shared/data/answers-real/answers.json');

function reading(parse: AnswerParse): unknown {
  if (!parse.ok) return { problem: parse.problem };
  const { lat, lon, city, region, country } = parse.answer;
  return { lat, lon, city, region, country };
}

describe('answerIsClosed', () => {
  it('is true once the JSON answer is closed, with or without its code fence', () => {
    const answer = 'The tiles and trams point to Lisbon.\n```json\n{"country": "Portugal", "city": "Lisbon", "lat": 38.7223, "lon": -9.1393, "reasons": ["trams"]}';
    expect(answerIsClosed(answer)).toBe(true);
    expect(answerIsClosed(`${answer}\n\`\`\``)).toBe(true);
    expect(answerIsClosed(`${answer}\n\`\`\`\n`)).toBe(true);
  });

  it('is false while the object is open, after it, or when it is no answer', () => {
    expect(answerIsClosed('```json\n{"country": "Portugal", "lat": 38.7223, "lon": -9.13')).toBe(false);
    expect(answerIsClosed('{"reasons": ["a {nested} brace"]')).toBe(false);
    expect(answerIsClosed('{"country": "Portugal", "lat": 38.7223, "lon": -9.1393}\nWait, let me reconsider')).toBe(false);
    expect(answerIsClosed('{"note": "nothing here"}')).toBe(false);
    expect(answerIsClosed('Coordinates: 38.7223, -9.1393')).toBe(false);
    expect(answerIsClosed('')).toBe(false);
  });

  it('never changes what a real reply reads as when it stops at the first closed answer', () => {
    const replies = JSON.parse(readFileSync(ANSWERS, 'utf8')) as { text: string }[];
    let stoppedEarly = 0;
    for (const { text } of replies) {
      for (let at = text.indexOf('}'); at !== -1; at = text.indexOf('}', at + 1)) {
        const upTo = text.slice(0, at + 1);
        if (!answerIsClosed(upTo)) continue;
        expect(reading(parseAnswer(upTo)), text).toEqual(reading(parseAnswer(text)));
        if (text.slice(at + 1).replace(/[\s`]+/g, '') !== '') stoppedEarly++;
        break;
      }
    }
    expect(stoppedEarly, "some real replies go on after their answer").toBeGreaterThan(0);
  });
});
