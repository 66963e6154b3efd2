import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import type { CheckFile } from '../checks/check.ts';
import type { RunResult } from '../model/index.ts';
import { renderAll } from '../../../reports/index.ts';
import { historyForReport } from './report-history.ts';

/** Writes every report of a run into `<out>/runs/<id>/`, with the files its checks made (first), and returns that folder. */
export async function writeRun(result: RunResult, outDir: string, files: readonly CheckFile[] = []): Promise<string> {
  const dir = join(outDir, 'runs', result.id);
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const relative = normalize(file.path);
    if (relative.startsWith('..') || relative.startsWith('/')) throw new Error(`a check's file must stay inside the run's folder: ${file.path}`);
    await mkdir(dirname(join(dir, relative)), { recursive: true });
    await writeFile(join(dir, relative), file.content);
  }
  const history = await historyForReport(result, join(outDir, 'runs'), outDir);
  await renderAll(result, dir, history ? { history } : {});
  await writeFile(join(outDir, 'runs', 'latest'), `${result.id}\n`);
  // GitHub Actions shows this file on the run's page.
  const stepSummary = process.env.GITHUB_STEP_SUMMARY;
  if (stepSummary) await appendFile(stepSummary, `${await readFile(join(dir, 'summary.md'), 'utf8')}\n`);
  return dir;
}
