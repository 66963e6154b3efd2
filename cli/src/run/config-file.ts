import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../util/errors.ts';
import { formatZodIssue } from '../util/format-zod-error.ts';
import { loadConfigFile } from '../util/load-module.ts';

/** `perfgate.config.(ts|yaml|yml|json)`: the same settings as the flags of `perfgate run`; flags win. */
export const PerfgateConfig = z
  .object({
    url: z.string().optional(),
    scenario: z.string().optional(),
    budgets: z.string().optional(),
    baseline: z.string().optional(),
    out: z.string().optional(),
    only: z.array(z.string()).optional(),
    skip: z.array(z.string()).optional(),
    rounds: z.number().int().positive().optional(),
    duration: z.number().positive().optional(),
    connections: z.number().int().positive().optional(),
    warmup: z.number().min(0).optional(),
    databaseUrl: z.string().optional(),
    redisUrl: z.string().optional(),
    bundleDir: z.string().optional(),
    queries: z.string().optional(),
    lighthouse: z
      .object({
        pages: z.array(z.string()).optional(),
        runs: z.number().int().positive().optional(),
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
  if (!parsed.success) throw new UsageError(`config file ${file}: ${formatZodIssue(parsed.error)}`);
  return { config: parsed.data, file };
}
