// The full pipeline in the browser on each backend, with the generated test models: clues from the
// vision-language model, the cluemap, four reasoned answers, the final choice by location
// similarity, cue edits that re-rank the cluemap, and a chat turn whose constraint moves the answer.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AppBrowser, BACKENDS, chooseFile, waitForResult } from './browser';
import { FIXTURES } from './fixtures';

interface AnalysisView {
  stages: Record<string, string>;
  candidates: { source: string; ok: boolean; text: string }[];
  final: { source: string; lat: number; lon: number } | null;
  answersOnMap: number;
  cues: { text: string; strength: string; set: string }[];
  constraints: string[];
  restriction: string;
  chat: { role: string; text: string }[];
  streamed: boolean;
  alert: string | null;
  running: boolean;
}

function readAnalysis(): AnalysisView {
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const stages: Record<string, string> = {};
  for (const el of document.querySelectorAll<HTMLElement>('[data-testid^="analysis-stage-"]')) {
    stages[(el.dataset.testid ?? '').slice('analysis-stage-'.length)] = el.dataset.status ?? '';
  }
  const final = document.querySelector<HTMLElement>('[data-testid="final-answer"]');
  return {
    stages,
    candidates: [...document.querySelectorAll<HTMLElement>('[data-testid="answer-candidate"]')].map((row) => ({
      source: row.dataset.source ?? '',
      ok: row.dataset.ok === 'true',
      text: text(row),
    })),
    final: final ? { source: final.dataset.source ?? '', lat: Number(final.dataset.lat), lon: Number(final.dataset.lon) } : null,
    answersOnMap: Number(document.querySelector<HTMLElement>('[data-testid="map"]')?.dataset.answers ?? 0),
    cues: [...document.querySelectorAll<HTMLElement>('[data-testid="cue-row"]')].map((row) => ({
      text: text(row.querySelector('[data-testid="cue-text"] strong')),
      strength: text(row.querySelector('[data-testid="cue-strength"]')),
      set: row.dataset.set ?? '',
    })),
    constraints: [...document.querySelectorAll<HTMLElement>('[data-testid="constraint"]')].map((el) => el.dataset.id ?? ''),
    restriction: text(document.querySelector('[data-testid="map-restriction"]')),
    chat: [...document.querySelectorAll<HTMLElement>('[data-testid="chat-message"]')].map((el) => ({ role: el.dataset.role ?? '', text: text(el.querySelector('.text')) })),
    streamed: document.querySelector('[data-testid="model-stream"]') !== null,
    alert: document.querySelector('[role="alert"]') ? text(document.querySelector('[role="alert"]')) : null,
    running: document.querySelector<HTMLElement>('[data-testid="chat"]')?.dataset.busy === 'true',
  };
}

async function analysisUntil(page: Page, what: string, condition: (view: AnalysisView) => boolean, limitMs = 280_000): Promise<AnalysisView> {
  const deadline = Date.now() + limitMs;
  let last: AnalysisView | null = null;
  while (Date.now() < deadline) {
    last = await page.evaluate(readAnalysis);
    if (condition(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out waiting for ${what}; last screen: ${JSON.stringify(last)}`);
}

describe.each(BACKENDS)('the full pipeline on %s', (backend) => {
  let app: AppBrowser;
  let page: Page;

  beforeAll(async () => {
    app = await AppBrowser.launch(`full-${backend}`);
    // Short answers: the test models write noise whatever the length, and WebGPU here runs on the CPU.
    page = await app.open(backend, undefined, '&mode=full&tokens=32');
  });

  afterAll(async () => {
    await app?.close();
  });

  test('clues, cluemap, four answers and a final choice; noise answers fail cleanly and retrieval comes through', async () => {
    await chooseFile(page, FIXTURES.gps);
    await waitForResult(page, 'gps.jpg');
    let sawStream = false;
    const done = await analysisUntil(page, 'the full analysis', (view) => {
      sawStream ||= view.streamed;
      return view.stages.select === 'done' || Object.values(view.stages).includes('error');
    }, 540_000);
    expect(done.stages).toEqual({ cues: 'done', cluemap: 'done', reason: 'done', refine: 'done', select: 'done' });
    expect(sawStream).toBe(true);
    // The point refined between gallery places (on by default) joins the choice after the gallery's best.
    expect(done.candidates.map((c) => c.source)).toEqual(['direct', 'refined-5', 'refined-10', 'refined-15', 'retrieval', 'refined']);
    const retrieval = done.candidates.find((c) => c.source === 'retrieval')!;
    expect(retrieval.ok).toBe(true);
    // The tiny model writes noise: an answer it gives either fails validation with a reason or was
    // read as one valid pair; a failed one is never placed (no coordinates in its row).
    for (const candidate of done.candidates.filter((c) => !c.ok)) expect(candidate.text).toContain('no usable answer');
    expect(done.final).not.toBeNull();
    expect(done.answersOnMap).toBe(done.candidates.filter((c) => c.ok).length);
    expect(await page.locator('[data-testid="analysis-test-warning"]').count()).toBe(1);
    expect(app.foreignRequests).toEqual([]);
  }, 570_000); // five questions on SwiftShader's WebGPU take minutes on a busy 2-core machine

  test('adding clues builds the cluemap at once, and removing one re-ranks it', async () => {
    const before = await page.evaluate(readAnalysis);
    const added = ['Yellow number plates', 'Tram wires over the street', 'Cobbled pavement', 'Red brick gable houses'];
    for (const [i, cue] of added.entries()) {
      await page.fill('[data-testid="cue-add-input"]', cue);
      await page.click('[data-testid="cue-add"]');
      await analysisUntil(page, `clue ${cue}`, (view) => view.cues.length === before.cues.length + i + 1);
    }
    const full = await page.evaluate(readAnalysis);
    expect(full.cues.map((c) => c.text)).toEqual(expect.arrayContaining(added));
    expect(new Set(full.cues.map((c) => c.set)).size).toBe(Math.min(3, full.cues.length));

    const strengths = new Map(full.cues.map((c) => [c.text, c.strength]));
    await page.locator('[data-testid="cue-row"]', { hasText: 'Cobbled pavement' }).locator('[data-testid="cue-remove"]').click();
    const after = await analysisUntil(page, 'the cluemap without the removed clue', (view) => view.cues.length === full.cues.length - 1);
    expect(after.cues.map((c) => c.text)).not.toContain('Cobbled pavement');
    // Semantic coherence averages over the other clues, so every remaining strength is recomputed.
    const changed = after.cues.filter((c) => strengths.get(c.text) !== c.strength);
    expect(changed.length).toBeGreaterThan(0);
  });

  test('a chat turn that rules out the answer\'s country moves the answer, and undo brings it back', async () => {
    const before = await page.evaluate(readAnalysis);
    const country = await page.locator('[data-testid="final-answer"]').getAttribute('data-country');
    expect(country).not.toBe('');
    await page.fill('[data-testid="chat-input"]', `The plates are yellow, and it is not ${country}.`);
    await page.click('[data-testid="chat-send"]');
    const moved = await analysisUntil(page, 'the chat answer', (view) => view.constraints.length === 1 && !view.running && view.chat.some((m) => m.role === 'model' && m.text !== ''));
    expect(moved.alert).toBeNull();
    expect(moved.constraints[0]).toMatch(/^exclude-country:[A-Z]{2}$/);
    expect(moved.restriction).toMatch(/were left out of the search/);
    expect(moved.candidates.map((c) => c.source)).toContain('follow-up-1');
    expect(moved.final).not.toBeNull();
    expect([moved.final!.lat, moved.final!.lon]).not.toEqual([before.final!.lat, before.final!.lon]);
    expect(await page.locator('[data-testid="answer-moved"]').count()).toBe(1);

    await page.click('[data-testid="constraint-undo"]');
    const undone = await analysisUntil(page, 'the undo', (view) => view.constraints.length === 0 && !view.running);
    expect(undone.restriction).toBe('');
    expect(app.foreignRequests).toEqual([]);
  });

  test('the photo, its answer and its conversation are kept in the history, and can be deleted', async () => {
    const row = page.locator('[data-testid="history-row"]', { hasText: 'gps.jpg' });
    await row.waitFor();
    await expect.poll(async () => row.textContent(), { timeout: 30_000 }).toMatch(/1 chat message/);
    await row.locator('[data-testid="history-open"]').click();
    const details = page.locator('[data-testid="history-details"]');
    await details.waitFor();
    expect(await details.textContent()).toContain('The plates are yellow');
    // A reload keeps it (IndexedDB), and dropping the same photo again brings the conversation back.
    await page.reload();
    await page.locator('[data-testid="history-row"]', { hasText: 'gps.jpg' }).waitFor();
    await chooseFile(page, FIXTURES.gps);
    await waitForResult(page, 'gps.jpg');
    await analysisUntil(page, 'the restored conversation', (view) => view.chat.some((m) => m.text.includes('The plates are yellow')));
    await page.locator('[data-testid="history-row"]', { hasText: 'gps.jpg' }).locator('[data-testid="history-delete"]').click();
    await expect.poll(async () => page.locator('[data-testid="history-row"]', { hasText: 'gps.jpg' }).count(), { timeout: 30_000 }).toBe(0);
  });
});
