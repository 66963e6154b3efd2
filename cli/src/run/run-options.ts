import { InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { HttpUrl, isHttpUrl, type AlertSinkConfig } from '../alerts/index.ts';
import type { CheckOption } from '../checks/check.ts';
import type { Registry } from '../checks/registry.ts';
import { checkNames } from '../util/flag-values.ts';

/** Options of `perfgate run` that are not any one check's: the target, budgets, baseline, selection, output. */
export interface CoreOptions {
  url?: string;
  budgets?: string;
  baseline?: string;
  confirm?: boolean;
  only?: string[];
  skip?: string[];
  databaseUrl?: string;
  redisUrl?: string;
  bundleDir?: string;
  out?: string;
  config?: string;
  json?: boolean;
  /** Pushgateway URL the run's series are pushed to. */
  push?: string;
  /** Config file only: where failed budgets and regressions are told. */
  alerts?: AlertSinkConfig[];
}

/** Core options plus every option a check declares (`rounds`, `pages`, `lighthouseRuns`, …), flags over config. */
export type RunOptions = CoreOptions & Record<string, unknown>;

/** A flag of `perfgate run`: the core ones below, and each check's own (CheckOption). */
export interface RunFlag extends CheckOption {
  /** Not allowed in a config file (the config file's own name, printing JSON). */
  flagOnly?: boolean;
}

export function coreFlags(registry: Registry): RunFlag[] {
  const ids = registry.ids;
  return [
    { flags: '--url <url>', description: 'test a server perfgate did not start (default: start PayPass)', config: z.string() },
    { flags: '--budgets <file>', description: 'budget file (.ts defineBudgets, .yaml, .json)', config: z.string() },
    { flags: '--baseline <name>', description: 'compare with a stored baseline (name, run id or result.json)', config: z.string() },
    {
      flags: '--confirm',
      description: 'with --baseline: measure each claimed regression again (base and head interleaved where the base can run here) and fail only if it holds',
      config: z.boolean(),
    },
    {
      flags: '--only <checks>',
      description: `run only these checks (comma-separated: ${ids.join(', ')})`,
      parse: checkNames('--only', ids),
      // `only: []` would run nothing and pass; `skip: []` skips nothing, which is harmless.
      config: z.array(knownCheck(ids)).min(1, { error: `expected at least one of ${ids.join(', ')}` }),
    },
    { flags: '--skip <checks>', description: 'leave these checks out (comma-separated)', parse: checkNames('--skip', ids), config: z.array(knownCheck(ids)) },
    {
      flags: '--database-url <url>',
      description: "PostgreSQL URL: PayPass's database (services mode; default $DATABASE_URL, else embedded), or with --url the database the explain check examines",
      config: z.string(),
    },
    { flags: '--redis-url <url>', description: 'PayPass services mode: Redis URL (default: $REDIS_URL, else in-process drivers)', config: z.string() },
    { flags: '--bundle-dir <dir>', description: 'build directory for the bundle check (default for PayPass: its web build)', config: z.string() },
    { flags: '--out <dir>', description: 'where runs, baselines and state are written (default .perfgate)', config: z.string() },
    { flags: '--push <url>', description: 'push the measurements and verdicts to this Prometheus Pushgateway', parse: httpUrlFlag('--push'), config: HttpUrl },
    { flags: '--config <file>', description: 'config file (default: perfgate.config.{ts,yaml,yml,json} if present)', config: z.string(), flagOnly: true },
    { flags: '--json', description: 'print the result as JSON instead of the table', config: z.boolean(), flagOnly: true },
  ];
}

/** Every flag of `perfgate run`, with the check each belongs to (undefined for core ones). */
export function runFlags(registry: Registry): { flag: RunFlag; check?: string; name: string }[] {
  const core = coreFlags(registry).map((flag) => ({ flag, name: optionName(flag.flags) }));
  const ofChecks = registry.checks.flatMap((c) => (c.meta.options ?? []).map((flag) => ({ flag, check: c.meta.id, name: optionName(flag.flags) })));
  return [...core, ...ofChecks];
}

/** `--lighthouse-runs <n>` → `lighthouseRuns`, as commander names it. */
export function optionName(flags: string): string {
  return new Option(flags).attributeName();
}

/** A commander Option for a declared flag. */
export function toCommanderOption(flag: RunFlag): Option {
  const option = new Option(flag.flags, flag.description);
  if (flag.choices) option.choices(flag.choices);
  if (flag.parse) option.argParser(flag.parse);
  return option;
}

/** Parses a flag that takes an http(s) URL (`--push`). */
export function httpUrlFlag(flag: string) {
  return (value: string): string => {
    if (!isHttpUrl(value)) throw new InvalidArgumentError(`${flag} expects an http:// or https:// URL, got "${value}"`);
    return value;
  };
}

function knownCheck(ids: readonly string[]) {
  return z.string().refine((id) => ids.includes(id), {
    error: (issue) => `unknown check ${JSON.stringify(issue.input)}; expected one of ${ids.join(', ')}`,
  });
}
