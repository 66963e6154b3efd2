import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CHECK_IDS } from '../checks/registry.ts';
import { LOAD_LIMITS } from '../checks/load/scenario.ts';
import { usageError } from '../util/errors.ts';
import { formatZodIssue } from '../util/format-zod-error.ts';
import { loadConfigFile } from '../util/load-module.ts';

// Same names and limits as `--only`/`--skip`, `--rounds`, `--lighthouse-runs`…: a config file is no way around them.
const checkIds = z.array(
  z.string().refine((id) => CHECK_IDS.includes(id), {
    error: (issue) => `unknown check ${JSON.stringify(issue.input)}; expected one of ${CHECK_IDS.join(', ')}`,
  }),
);
const LIGHTHOUSE_MAX_RUNS = 100;

/** `perfgate.config.(ts|yaml|yml|json)`: the same settings as the flags of `perfgate run`; flags win. */
export const PerfgateConfig = z
  .object({
    url: z.string().optional(),
    scenario: z.string().optional(),
    budgets: z.string().optional(),
    baseline: z.string().optional(),
    out: z.string().optional(),
    // `only: []` would run nothing and pass; `skip: []` skips nothing, which is harmless.
    only: checkIds.min(1, { error: `expected at least one of ${CHECK_IDS.join(', ')}` }).optional(),
    skip: checkIds.optional(),
    rounds: z.number().int().positive().max(LOAD_LIMITS.rounds).optional(),
    duration: z.number().positive().max(LOAD_LIMITS.duration).optional(),
    connections: z.number().int().positive().max(LOAD_LIMITS.connections).optional(),
    warmup: z.number().min(0).max(LOAD_LIMITS.warmup).optional(),
    databaseUrl: z.string().optional(),
    redisUrl: z.string().optional(),
    bundleDir: z.string().optional(),
    queries: z.string().optional(),
    lighthouse: z
      .object({
        pages: z.array(z.string()).optional(),
        runs: z.number().int().positive().max(LIGHTHOUSE_MAX_RUNS).optional(),
        formFactor: z.enum(['mobile', 'desktop']).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PerfgateConfig = z.infer<typeof PerfgateConfig>;

const NAMES = ['perfgate.config.ts', 'perfgate.config.yaml', 'perfgate.config.yml', 'perfgate.config.json'];

/** Loads the given config file, or the first perfgate.config.* in the working directory, or nothing. */
export async function loadPerfgateConfig(explicit?: string): Promise<{ config: PerfgateConfig; file?: string }> {
  const file = explicit ?? NAMES.find((name) => existsSync(resolve(name)));
  if (!file) return { config: {} };
  const raw = await loadConfigFile(file, 'config');
  const parsed = PerfgateConfig.safeParse(raw);
  if (!parsed.success) throw usageError('BAD_CONFIG', `config file ${file}: ${formatZodIssue(parsed.error)}`);
  return { config: parsed.data, file };
}
