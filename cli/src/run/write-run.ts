import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../model/index.ts';
import { renderAll } from '../../../reports/index.ts';
import { historyForReport } from './report-history.ts';

/** Writes every report of a run into `<out>/runs/<id>/` and returns that folder. */
export async function writeRun(result: RunResult, outDir: string): Promise<string> {
  const dir = join(outDir, 'runs', result.id);
  await mkdir(dir, { recursive: true });
  const history = await historyForReport(result, join(outDir, 'runs'), outDir);
  await renderAll(result, dir, history ? { history } : {});
  await writeFile(join(outDir, 'runs', 'latest'), `${result.id}\n`);
  // GitHub Actions shows this file on the run's page.
  const stepSummary = process.env.GITHUB_STEP_SUMMARY;
  if (stepSummary) await appendFile(stepSummary, `${await readFile(join(dir, 'summary.md'), 'utf8')}\n`);
  return dir;
}
