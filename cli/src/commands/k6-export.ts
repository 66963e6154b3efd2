import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadScenario } from '../checks/load/load-scenario.ts';
import type { Scenario } from '../checks/load/scenario.ts';
import { exportScript, type ExportedScript } from '../k6/export/script.ts';
import { k6Registry } from '../k6/k6-registry.ts';
import { resourceName, testRunManifest } from '../k6/manifest/testrun-manifest.ts';
import { scenarioData, type ScenarioData } from '../k6/scenario-data.ts';
import { loadBudgets } from '../judge/load-budgets.ts';
import { usageError } from '../util/errors.ts';
import { writeOutputFile } from './report.ts';

export interface ExportOptions {
  budgets?: string;
  output?: string;
  url?: string;
}

export interface ManifestOptions {
  budgets?: string;
  output?: string;
  url: string;
  parallelism: number;
  name?: string;
  resultsClaim?: string;
  data?: string;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** A scenario and the budgets' thresholds as one k6 script. */
export async function exportFor(file: string, budgetsFile: string | undefined): Promise<{ scenario: Scenario; script: ExportedScript }> {
  const scenario = await loadScenario(file);
  const budgets = budgetsFile ? await loadBudgets(budgetsFile, k6Registry().metricsByCheck) : undefined;
  return { scenario, script: exportScript({ scenario, scenarioFile: file, budgets, budgetsFile }) };
}

/** `perfgate k6 export`: one script per scenario into a directory, and what it could not express said on stderr. */
export async function k6Export(files: string[], options: ExportOptions): Promise<void> {
  const dir = resolve(options.output ?? '.');
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const { scenario, script } = await exportFor(file, options.budgets);
    const path = join(dir, script.fileName);
    await writeFile(path, script.text);
    process.stdout.write(`${path}\n`);
    if (script.unexpressed.length) log(`${script.fileName}: ${script.unexpressed.length} budget rule(s) k6 cannot express, listed in the script (perfgate k6 import judges them)`);
    if (script.notExported.length) log(`${script.fileName}: not exported: ${script.notExported.join('; ')}`);
    const unevaluable = script.functions.filter((f) => !f.evaluable).map((f) => f.field);
    if (unevaluable.length) log(`${script.fileName}: port ${unevaluable.join(', ')} into the script: they depend on the run, and k6 stops at the first use of one without a value`);
    if (script.functions.length) {
      if (!options.url) {
        log(
          `${script.fileName}: ${script.functions.length} TypeScript function(s) of the scenario need perfgate's values (PERFGATE_DATA): give --url to evaluate them, or use perfgate k6 run`,
        );
        continue;
      }
      const dataPath = join(dir, script.fileName.replace(/\.js$/, '.data.json'));
      await writeFile(dataPath, JSON.stringify(await scenarioData(scenario, options.url, new AbortController().signal)));
      process.stdout.write(`${dataPath}\n`);
    }
  }
}

/** `perfgate k6 manifest`: the script, perfgate's data and the results claim as a k6-operator TestRun. */
export async function k6Manifest(file: string, options: ManifestOptions): Promise<void> {
  const { scenario, script } = await exportFor(file, options.budgets);
  const needsData = script.functions.length > 0 || Boolean(scenario.setup);
  const data = options.data ? await readData(options.data) : needsData ? await evaluate(scenario, options.url) : undefined;
  const yaml = testRunManifest({
    name: options.name ?? resourceName(scenario.name),
    script,
    parallelism: options.parallelism,
    baseUrl: options.url,
    ...(data ? { data } : {}),
    ...(options.resultsClaim ? { resultsClaim: options.resultsClaim } : {}),
  });
  if (options.output) await writeOutputFile(options.output, yaml);
  else process.stdout.write(yaml);
}

async function evaluate(scenario: Scenario, url: string): Promise<ScenarioData> {
  log(`running the scenario's setup() and request functions against ${url} for the runners (--data FILE hands them over instead)`);
  return scenarioData(scenario, url, new AbortController().signal);
}

async function readData(file: string): Promise<ScenarioData> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw usageError('BAD_FILE', `--data ${file}: ${(error as Error).message}; expected the JSON perfgate k6 export --url writes`);
  }
  const data = parsed as Partial<ScenarioData> | null;
  if (typeof data !== 'object' || data === null || typeof data.vars !== 'object' || typeof data.computed !== 'object') {
    throw usageError('BAD_FILE', `--data ${file}: expected {"vars": …, "computed": …}, as perfgate k6 export --url writes`);
  }
  return data as ScenarioData;
}
