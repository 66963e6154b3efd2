import { Listr } from 'listr2';
import type { CheckRun, Measurement } from '../model/index.ts';
import type { CheckContext, CheckFile } from '../checks/check.ts';
import { firstLine } from '../util/errors.ts';
import type { PlannedCheck } from './plan.ts';

type Emit = (line: string) => void;

/**
 * Runs checks one after another (they would disturb each other's numbers in parallel).
 * A check that throws becomes an `error` run and the rest still run, as Lighthouse does with audits.
 * On a terminal, progress is a listr2 task list; otherwise (CI, pipes, --json) plain lines on stderr.
 */
export async function executeChecks(
  planned: PlannedCheck[],
  base: Omit<CheckContext, 'settings' | 'log'>,
  log: (checkId: string, line: string) => void,
  interactive = false,
): Promise<{ checks: CheckRun[]; measurements: Measurement[]; files: CheckFile[] }> {
  const checks: CheckRun[] = [];
  const measurements: Measurement[] = [];
  const files: CheckFile[] = [];
  const runOne = async ({ check, settings }: PlannedCheck, emit: Emit): Promise<CheckRun> => {
    const { id, title, metrics } = check.meta;
    if (base.signal.aborted) return { id, title, status: 'aborted', durationMs: 0, metrics: [...metrics] };
    const started = performance.now();
    try {
      const output = await check.run({ ...base, settings, log: emit });
      measurements.push(...output.measurements);
      files.push(...(output.files ?? []));
      const status = base.signal.aborted ? 'aborted' : 'ok';
      return {
        id,
        title,
        status,
        durationMs: performance.now() - started,
        settings: output.settings,
        ...(output.timelines?.length ? { timelines: output.timelines } : {}),
        metrics: [...metrics],
        ...(output.engines ? { engines: output.engines } : {}),
        ...(output.files?.length ? { files: output.files.map(({ path, title, subject }) => ({ path, title, ...(subject ? { subject } : {}) })) } : {}),
      };
    } catch (error) {
      const message = firstLine(error);
      emit(`error: ${message}`);
      return { id, title, status: 'error', durationMs: performance.now() - started, error: message, metrics: [...metrics] };
    }
  };

  if (!interactive) {
    for (const p of planned) checks.push(await runOne(p, (line) => log(p.check.meta.id, line)));
    return { checks, measurements, files };
  }
  const list = new Listr(
    planned.map((p) => ({
      title: p.check.meta.title,
      task: async (_ctx: unknown, task: { output: string; title: string; skip: (m?: string) => void }) => {
        const run = await runOne(p, (line) => (task.output = line));
        checks.push(run);
        if (run.status === 'error') throw new Error(run.error);
        if (run.status === 'aborted') task.skip(`${p.check.meta.title}: interrupted`);
        else task.title = `${p.check.meta.title} (${(run.durationMs / 1000).toFixed(1)} s)`;
      },
    })),
    { concurrent: false, exitOnError: false, rendererOptions: { collapseErrors: false } },
  );
  await list.run().catch(() => undefined);
  return { checks, measurements, files };
}
