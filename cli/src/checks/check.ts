import type { z } from 'zod';
import type { Measurement, MetricDescriptor, Requirement, Target, Timeline } from '../model/index.ts';
import { usageError } from '../util/errors.ts';
import { formatZodIssue } from '../util/format-zod-error.ts';

/**
 * What a check declares about itself. Everything else perfgate knows about a check is derived from this:
 * `--only` names, budget validation, units and directions in the judge and reports, the JSON Schemas,
 * "this check needs …" messages, its flags and config keys.
 */
export interface CheckMeta<S = unknown> {
  id: string;
  title: string;
  /** The settings `run` receives, validated before anything is measured (a bad one is exit 2, naming where it came from). */
  settings: z.ZodType<S>;
  /** What the target must provide. PayPass provides a URL, a database and a build; a foreign target what its flags name. */
  requires: readonly Requirement[];
  /** Every metric the check yields. A budget rule naming another is an error, not a silent skip. */
  metrics: readonly MetricDescriptor[];
  /** npm packages it measures with (`hdr-histogram-js`): their versions are recorded with the machine. */
  engines?: readonly string[];
  /** Its own flags of `perfgate run`, each also a key of `perfgate.config.*` (top level, or in a section named after the check). */
  options?: readonly CheckOption[];
  /**
   * Inputs a target perfgate did not start must name for this check to run (PayPass brings its own): the check
   * runs by default once they are given, and asking for it without them is a usage error naming them.
   */
  inputs?: readonly CheckInput[];
}

/** A flag of `perfgate run` that belongs to one check. */
export interface CheckOption {
  /** commander's flag syntax, e.g. `--pages <paths>`. */
  flags: string;
  description: string;
  /** Turns the flag's text into a value; throw commander's InvalidArgumentError for a bad one. */
  parse?: (value: string) => unknown;
  choices?: readonly string[];
  /** The value's schema in a config file (flags are checked by `parse`). */
  config: z.ZodType;
  /** Its key inside the check's config section, when it differs from the flag's (`lighthouse: { runs }` for `--lighthouse-runs`). */
  sectionKey?: string;
}

/** An input named by a flag: `{ option: 'queries', flag: '--queries FILE', what: 'the queries to EXPLAIN' }`. */
export interface CheckInput {
  /** The option's camelCase name (or `bundleDir`, `databaseUrl`, `url` of the target). */
  option: string;
  flag: string;
  what: string;
  /** Selects the check by default when given, but asking for the check without it is fine (it has a default). */
  optional?: boolean;
}

/** Where a run's settings come from, for building a check's raw settings. */
export interface SettingsSource {
  /** The check's option values, flags over config file, by camelCase name (`pages`, `lighthouseRuns`). */
  options: Readonly<Record<string, unknown>>;
  /** PayPass (perfgate starts it and knows its defaults) or a foreign target. */
  paypass: boolean;
  /** A baseline will judge this run: checks that sample in rounds may want more of them. */
  baseline: boolean;
  /** What a foreign target's flags provide (`--url`, `--database-url`, `--bundle-dir`); nothing for PayPass before it starts. */
  target: { url?: string; databaseUrl?: string; buildDir?: string };
  /** Where an option's value came from, for errors: `--bundle-dir`, or `config file perfgate.config.yaml: bundleDir`. */
  where: (option: string) => string;
  /** Resolves a file of the project's own (default scenarios and query sets). */
  packagePath: (relative: string) => string;
  log: (line: string) => void;
}

/** What a check gets to run: the resolved target, its validated settings and a way to report progress. */
export interface CheckContext<S = unknown> {
  target: CheckTarget;
  settings: S;
  log: (line: string) => void;
  signal: AbortSignal;
}

/** The target as checks see it: what it provides, and logins a scenario can use against PayPass. */
export type CheckTarget = Target & {
  /** The database a check examines (PayPass's own, or `--database-url`). */
  databaseUrl?: string;
  /** The build output a check measures (PayPass's web build, or `--bundle-dir`). */
  buildDir?: string;
  credentials?: { email: string; password: string }[];
};

/** A check is a plugin that measures a target and yields measurements; it never judges. */
export interface Check<S = unknown> {
  meta: CheckMeta<S>;
  /**
   * The raw settings (before validation) for this run, from its options and the target's kind: files the options
   * name are read here, so a bad file is found before anything starts. Without it, settings are `{}`.
   */
  settings?(source: SettingsSource): Promise<unknown> | unknown;
  run(ctx: CheckContext<S>): Promise<CheckOutput>;
}

export interface CheckOutput {
  measurements: Measurement[];
  /** How the check ran (scenario, rounds, durations), recorded in the result for reports. */
  settings?: Record<string, unknown>;
  /** Versions of what it measured with (`{ chromium: '131.0…' }`), recorded with the machine. */
  engines?: Record<string, string>;
  /** Load over time, per subject, for the report's charts. */
  timelines?: Timeline[];
  /** Files for the run's folder (Lighthouse's own report of a subject), written beside perfgate's reports and linked from them. */
  files?: CheckFile[];
}

/** A file a check hands to the run's folder: `path` is relative to it (`lighthouse/page-send-mobile.html`). */
export interface CheckFile {
  path: string;
  /** What a report's link says (`Lighthouse report, median of 5 runs`). */
  title: string;
  /** The measurements' subject it belongs to, when it belongs to one. */
  subject?: string;
  content: string;
}

/** Typed helper for a check's definition: its settings type flows from the schema into `run`. */
export function defineCheck<S>(check: Check<S>): Check<S> {
  return check;
}

/** A descriptor, typed: `metric('latency.p95', 'ms', 'lower', true, '95th percentile latency', { noiseFloor: { relative: 0.05 } })`. */
export function metric(
  name: string,
  unit: MetricDescriptor['unit'],
  better: MetricDescriptor['better'],
  sampled: boolean,
  description: string,
  more: Pick<MetricDescriptor, 'noiseFloor' | 'zeroWhenAbsent'> = {},
): MetricDescriptor {
  return { name, unit, better, sampled, description, ...more };
}

/**
 * Validates raw settings against the check's schema, as the engine does before anything is measured.
 * A bad setting is a usage error (exit 2) naming `where` (a file or flag) and the path inside the settings.
 */
export function checkSettings<S>(check: Check<S>, raw: unknown, where = `${check.meta.id} settings`): S {
  const parsed = check.meta.settings.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw usageError('BAD_SETTINGS', `${where}: ${formatZodIssue(parsed.error)}`);
}

/** Runs one check with raw settings (validated first): library use and the checks' own tests. */
export function runCheck<S>(
  check: Check<S>,
  ctx: Omit<CheckContext<S>, 'settings' | 'log' | 'signal'> & { settings: unknown; log?: (line: string) => void; signal?: AbortSignal },
): Promise<CheckOutput> {
  const settings = checkSettings(check, ctx.settings);
  return check.run({ target: ctx.target, settings, log: ctx.log ?? (() => undefined), signal: ctx.signal ?? new AbortController().signal });
}
