// Every real reply in ../shared/data/answers-real/ through the real command, as a user would
// pipe them in. The file is read where it lies; it is never copied into the project.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-cli';

const ANSWERS = join(ROOT, '../shared/data/answers-real/answers.json');

interface RealReply {
  text: string;
  model: string;
  source: string;
  expected: [number, number] | null;
  uncertain?: boolean;
}

interface Line {
  ok: boolean;
  lat?: number;
  lon?: number;
  coordinateSource?: 'model' | 'gazetteer';
  namedInProse?: string | null;
  gazetteer?: { level: string; name: string } | null;
  note?: string | null;
  problem?: string;
  error?: string;
}

describe('whereabouts parse-answer over real replies', () => {
  const replies = JSON.parse(readFileSync(ANSWERS, 'utf8')) as RealReply[];
  const run = spawnSync(process.execPath, [join(ROOT, 'src/cli/whereabouts.mjs'), 'parse-answer', '--jsonl'], {
    cwd: ROOT,
    input: replies.map((reply) => JSON.stringify(reply.text)).join('\n'),
    encoding: 'utf8',
  });
  const lines = run.stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);

  it('answers every reply, one line each, in order', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(lines).toHaveLength(replies.length);
  });

  const certain = replies.map((reply, index) => ({ reply, index })).filter(({ reply }) => !reply.uncertain);

  it.each(certain.filter(({ reply }) => reply.expected !== null).map(({ reply, index }) => [index, reply.model, reply] as const))(
    'reply %i (%s) gives its pair',
    (index, _model, reply) => {
      const line = lines[index]!;
      expect(line, reply.text.slice(0, 300)).toMatchObject({ ok: true, coordinateSource: 'model' });
      expect(Math.abs(line.lat! - reply.expected![0])).toBeLessThan(1e-3);
      expect(Math.abs(line.lon! - reply.expected![1])).toBeLessThan(1e-3);
    },
  );

  it.each(certain.filter(({ reply }) => reply.expected === null).map(({ reply, index }) => [index, reply.model, reply] as const))(
    'reply %i (%s) commits to no pair: refused, or placed by the gazetteer and said so',
    (index, _model, reply) => {
      const line = lines[index]!;
      if (!line.ok) {
        expect(line.error).toMatch(/\w/);
        return;
      }
      expect(line.coordinateSource, reply.text.slice(0, 300)).toBe('gazetteer');
      expect(line.gazetteer?.name).toMatch(/\w/);
      expect(line.note).toMatch(/gives no usable coordinates; the offline gazetteer placed/);
      const named = line.gazetteer!.name.split(/[\s,]+/)[0]!.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      expect(reply.text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(), 'the reply names the place it is put at').toContain(named);
    },
  );
});
