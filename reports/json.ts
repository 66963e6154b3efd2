// result.json: the run as data, for archives, baselines and other tools.
import { RunResult } from '../cli/src/model/index.ts';

/**
 * Pretty JSON, keys in schema order (zod rebuilds objects shape-first), newline-terminated,
 * so two renders of the same run are byte-identical and diffs stay small.
 * An input the schema rejects is still written as given: a report must never be lost to a bug.
 */
export function renderJson(result: RunResult): string {
  const parsed = RunResult.safeParse(result);
  return `${JSON.stringify(parsed.success ? parsed.data : result, null, 2)}\n`;
}
