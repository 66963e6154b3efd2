import { z } from 'zod';
import { Timeline } from './timeline.ts';
import { Measurement } from './measurement.ts';
import { MetricDescriptor } from './metric.ts';
import { migrateResult } from './migrate-result.ts';
import { Verdict } from './verdict.ts';

/** 2: typed plan, queries and status fields on measurements, structured comparison reasons, metric descriptors. */
export const RESULT_SCHEMA_VERSION = 2;

export const Environment = z.object({
  cpu: z.string(),
  cores: z.number(),
  memoryBytes: z.number(),
  node: z.string(),
  os: z.string(),
  hostname: z.string(),
  gitSha: z.string().optional(),
  perfgateVersion: z.string(),
  engines: z.record(z.string(), z.string()),
});
export type Environment = z.infer<typeof Environment>;

export const Target = z.object({
  kind: z.enum(['paypass', 'url']),
  url: z.string().optional(),
  /** PayPass only: embedded (embedded PostgreSQL, in-process drivers) or services (real PostgreSQL/Redis). */
  mode: z.enum(['embedded', 'services']).optional(),
});
export type Target = z.infer<typeof Target>;

export const CheckRun = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['ok', 'error', 'skipped', 'aborted']),
  durationMs: z.number(),
  error: z.string().optional(),
  /** How the check ran (scenario, rounds, connections, ...), shown in reports. */
  settings: z.record(z.string(), z.unknown()).optional(),
  /** The check's metric descriptors (unit, direction, meaning), so a stored result explains itself. */
  metrics: z.array(MetricDescriptor).optional(),
  /** Load checks: each subject's throughput, latency and errors per second over a round, stages marked. */
  timelines: z.array(Timeline).optional(),
  /** Software the check measured with, when it depends on the machine (browser, database server): merged into environment.engines. */
  engines: z.record(z.string(), z.string()).optional(),
  /** Files the check wrote into the run's folder (Lighthouse's report of each subject's median run), paths relative to it. */
  files: z.array(z.object({ path: z.string(), title: z.string(), subject: z.string().optional() })).optional(),
});
export type CheckRun = z.infer<typeof CheckRun>;

export const Summary = z.object({
  pass: z.number(),
  fail: z.number(),
  warn: z.number(),
  error: z.number(),
  skipped: z.number(),
  regressed: z.number(),
  improved: z.number(),
  same: z.number(),
  inconclusive: z.number(),
});
export type Summary = z.infer<typeof Summary>;

const RunResultV2 = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** True when the run was cut short (SIGINT, timeout): the report shows what ran. */
  interrupted: z.boolean(),
  target: Target,
  environment: Environment,
  budgetsFile: z.string().optional(),
  baseline: z.object({ name: z.string(), runId: z.string(), environmentDiffers: z.array(z.string()) }).optional(),
  checks: z.array(CheckRun),
  measurements: z.array(Measurement),
  verdicts: z.array(Verdict),
  summary: Summary,
  /** overall verdict: pass, fail (budget or regression), error (a check could not run) or interrupted (SIGINT/SIGTERM) */
  outcome: z.enum(['pass', 'fail', 'error', 'interrupted']),
  exitCode: z.number(),
});

/** A result.json of this or an earlier schema version (earlier ones are migrated when read). */
export const RunResult = z.preprocess(migrateResult, RunResultV2);
export type RunResult = z.infer<typeof RunResultV2>;
