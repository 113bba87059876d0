import type { PipelineServices, StageName } from './services';

export type StageTimes = Partial<Record<StageName, number>>;

/** Runs one stage, reports it running and done (or failed) with its time, and records the time. */
export async function timedStage<T>(
  services: PipelineServices,
  times: StageTimes,
  stage: StageName,
  work: () => Promise<T>,
  describe: (value: T) => string,
): Promise<T> {
  services.throwIfAborted();
  services.onStage?.({ stage, status: 'running', ms: null, detail: '' });
  const start = services.now();
  try {
    const value = await work();
    const ms = services.now() - start;
    times[stage] = ms;
    services.onStage?.({ stage, status: 'done', ms, detail: describe(value) });
    return value;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    services.onStage?.({ stage, status: 'error', ms: null, detail });
    throw error;
  }
}
