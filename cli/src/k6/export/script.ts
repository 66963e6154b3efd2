import { subjectOf } from '../../checks/load/scenario.ts';
import { SUMMARY_TREND_STATS } from '../tags.ts';
import { endpointsCode, setupCode, usersCode } from './entry-points.ts';
import { executorFor } from './executor.ts';
import { header, type ScriptSource } from './header.ts';
import { identifierFor, literal } from './js-text.ts';
import { PRELUDE } from './prelude.ts';
import { exportedSubjects } from './request-specs.ts';
import { notExported, scenarioFunctions, type ScenarioFunction } from './scenario-functions.ts';
import { thresholdsFrom } from './thresholds.ts';
import { namedStages, windowsOf, type Window } from './windows.ts';

export type ExportInput = ScriptSource;

export interface ExportedScript {
  /** `paypass-core.js`: the scenario's name, safe as a file name. */
  fileName: string;
  text: string;
  /** Budget rules (or parts) k6 cannot express, with why. */
  unexpressed: string[];
  /** The scenario's functions: their values come from perfgate (PERFGATE_DATA) or a port. */
  functions: ScenarioFunction[];
  /** What the script does not do at all (WebSockets). */
  notExported: string[];
}

/**
 * One k6 script for one scenario: the same windows and rounds as `perfgate run` (each endpoint alone, or the
 * virtual users), the same load model and stages, every request tagged with its subject, and the budgets' rules as
 * thresholds. Plain JavaScript that k6 runs as it is.
 */
export function exportScript(input: ExportInput): ExportedScript {
  const { scenario } = input;
  const taken = new Set<string>();
  const execNames = scenario.requests.map((r) => identifierFor(subjectOf(r), taken));
  const windows = windowsOf(scenario, execNames);
  const stages = namedStages(scenario.stages);
  const windowSeconds = stages ? stages.reduce((sum, s) => sum + s.duration, 0) : scenario.duration;
  const { thresholds, unexpressed } = thresholdsFrom(input.budgets, { subjects: exportedSubjects(scenario), stages, rounds: scenario.rounds, windowSeconds });
  const functions = scenarioFunctions(scenario);
  const skipped = notExported(scenario);
  const options = {
    scenarios: Object.fromEntries(windows.map((w) => [scenarioKey(w), executorFor(w, scenario.timeout)])),
    thresholds,
    summaryTrendStats: [...SUMMARY_TREND_STATS],
    // perfgate's generator does not follow redirects: a 3xx is the response it measures.
    maxRedirects: 0,
  };
  const fileName = `${scenario.name.replace(/[^\w.-]+/g, '-')}.js`;
  const stageEnds = (stages ?? []).map((s, i, all) => ({ name: s.name, end: all.slice(0, i + 1).reduce((sum, x) => sum + x.duration, 0) }));
  const text = [
    header(input, fileName, unexpressed, functions, skipped),
    "import http from 'k6/http';",
    "import exec from 'k6/execution';",
    ...(scenario.flows ? ["import { sleep } from 'k6';"] : []),
    '',
    `const SCENARIO = ${JSON.stringify(scenario.name)};`,
    `const TIMEOUT = '${scenario.timeout}s';`,
    '/** The load profile: each stage and when it ends, in seconds from the start of its window. @type {{ name: string, end: number }[]} */',
    `const STAGES = ${literal(stageEnds)};`,
    '',
    PRELUDE,
    "/** The windows (one k6 scenario each), the budgets' thresholds, and perfgate's ways. @type {import('k6/options').Options} */",
    `export const options = ${literal(options)};`,
    '',
    scenario.flows ? usersCode(scenario) : endpointsCode(scenario, execNames),
    setupCode(scenario),
  ].join('\n');
  return { fileName, text, unexpressed, functions, notExported: skipped };
}

/** k6 allows letters, digits, `-` and `_` in a scenario's name; the warm-ups' start with `warmup` (the script tells them apart by it). */
function scenarioKey(window: Window): string {
  return `${window.round === 'warmup' ? 'warmup' : `round${window.round}`}_${window.exec}`;
}
