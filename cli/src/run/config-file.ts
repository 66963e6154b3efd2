import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AlertSinks } from '../alerts/index.ts';
import { REGISTRY, type Registry } from '../checks/registry.ts';
import { usageError } from '../util/errors.ts';
import { formatZodIssue } from '../util/format-zod-error.ts';
import { loadConfigFile } from '../util/load-module.ts';
import { optionName, runFlags, type RunOptions } from './run-options.ts';

/**
 * `perfgate.config.(ts|yaml|yml|json)`: the same settings as the flags of `perfgate run`, with the same names and
 * limits (a config file is no way around them); flags win. A check's options may also sit in a section named after
 * the check (`lighthouse: { pages, runs, formFactor }`). `alerts:` lists the sinks told of failures (no flag).
 */
export function configSchema(registry: Registry = REGISTRY) {
  const shape: Record<string, z.ZodType> = {};
  for (const { flag, name } of runFlags(registry)) if (!flag.flagOnly) shape[name] = flag.config.optional();
  for (const check of registry.checks) {
    const options = check.meta.options ?? [];
    if (options.length === 0) continue;
    const section = Object.fromEntries(options.map((o) => [o.sectionKey ?? optionName(o.flags), o.config.optional()]));
    shape[check.meta.id] = z.object(section).strict().optional();
  }
  shape.alerts = AlertSinks.optional();
  return z.object(shape).strict();
}

export type PerfgateConfig = RunOptions;

const NAMES = ['perfgate.config.ts', 'perfgate.config.yaml', 'perfgate.config.yml', 'perfgate.config.json'];

/** Loads the given config file, or the first perfgate.config.* in the working directory, or nothing. Sections are flattened. */
export async function loadPerfgateConfig(explicit?: string, registry: Registry = REGISTRY): Promise<{ config: PerfgateConfig; file?: string }> {
  const file = explicit ?? NAMES.find((name) => existsSync(resolve(name)));
  if (!file) return { config: {} };
  const raw = await loadConfigFile(file, 'config');
  const parsed = configSchema(registry).safeParse(raw);
  if (!parsed.success) throw usageError('BAD_CONFIG', `config file ${file}: ${formatZodIssue(parsed.error)}`);
  return { config: flattenSections(parsed.data as Record<string, unknown>, registry), file };
}

/** `lighthouse: { runs: 3 }` → `lighthouseRuns: 3`; a top-level key wins over its section's. */
function flattenSections(config: Record<string, unknown>, registry: Registry): PerfgateConfig {
  const out: Record<string, unknown> = {};
  for (const check of registry.checks) {
    const section = config[check.meta.id] as Record<string, unknown> | undefined;
    if (!section) continue;
    for (const o of check.meta.options ?? []) {
      const value = section[o.sectionKey ?? optionName(o.flags)];
      if (value !== undefined) out[optionName(o.flags)] = value;
    }
  }
  const ids = new Set(registry.ids);
  for (const [key, value] of Object.entries(config)) if (!ids.has(key) && value !== undefined) out[key] = value;
  return out;
}
