import { z } from 'zod';

/**
 * One runner's end-of-test summary, whichever way k6 wrote it: `values` per metric (a Rate's share as `rate`), each
 * threshold with whether it passed, and the checks by path. k6 writes it two ways:
 * - `--summary-export` (legacy): metrics flat, no type; a threshold `true` means it FAILED;
 * - handleSummary() data: `{ type, contains, values }`; a threshold `{ ok: true }` means it PASSED.
 */
export interface RunnerSummary {
  file: string;
  metrics: Map<string, SummaryMetric>;
  checks: SummaryCheck[];
  /** handleSummary data of k6 ≥ 0.33 only (`state.testRunDurationMs`); a summary export has none. */
  durationMs?: number;
}

export interface SummaryMetric {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  values: Record<string, number>;
  thresholds: { expression: string; passed: boolean }[];
}

export interface SummaryCheck {
  path: string;
  name: string;
  passes: number;
  fails: number;
}

const Check = z.object({ name: z.string(), path: z.string(), passes: z.number(), fails: z.number() });
type Group = { checks: Record<string, z.infer<typeof Check>> | z.infer<typeof Check>[]; groups: Record<string, Group> | Group[] };
const Group: z.ZodType<Group> = z.lazy(() =>
  z.object({
    checks: z.union([z.record(z.string(), Check), z.array(Check)]),
    groups: z.union([z.record(z.string(), Group), z.array(Group)]),
  }),
);

const ExportMetric = z.record(z.string(), z.union([z.number(), z.record(z.string(), z.boolean())]));
const SummaryExport = z.object({ root_group: Group, metrics: z.record(z.string(), ExportMetric) });

const HandleSummaryMetric = z.object({
  type: z.enum(['counter', 'gauge', 'rate', 'trend']),
  values: z.record(z.string(), z.number()),
  thresholds: z.record(z.string(), z.object({ ok: z.boolean() })).optional(),
});
const HandleSummary = z.object({
  root_group: Group,
  metrics: z.record(z.string(), HandleSummaryMetric),
  state: z.object({ testRunDurationMs: z.number() }).partial().optional(),
});

/** Which summary a parsed JSON document is, read into one shape; a string saying what it is instead, if it is neither. */
export function readSummary(file: string, doc: unknown): RunnerSummary | string {
  if (isObject(doc) && isObject(doc.metadata) && isObject(doc.results) && 'version' in doc) {
    return "is k6's machine-readable summary (--new-machine-readable-summary), which perfgate does not read: it has no thresholds and no per-request submetrics; import the --out json points, or the summary k6 writes without that flag";
  }
  const metrics = isObject(doc) && isObject(doc.metrics) ? Object.values(doc.metrics) : [];
  const handleSummaryShape = metrics.length > 0 && metrics.every((m) => isObject(m) && 'values' in m && 'type' in m);
  if (handleSummaryShape) {
    const parsed = HandleSummary.safeParse(doc);
    if (!parsed.success) return `looks like handleSummary() data but ${describeIssue(parsed.error)}`;
    return {
      file,
      metrics: new Map(
        Object.entries(parsed.data.metrics).map(([name, m]) => [
          name,
          { type: m.type, values: m.values, thresholds: Object.entries(m.thresholds ?? {}).map(([expression, t]) => ({ expression, passed: t.ok })) },
        ]),
      ),
      checks: checksOf(parsed.data.root_group),
      ...(parsed.data.state?.testRunDurationMs !== undefined ? { durationMs: parsed.data.state.testRunDurationMs } : {}),
    };
  }
  const parsed = SummaryExport.safeParse(doc);
  if (!parsed.success)
    return isObject(doc) && 'metrics' in doc ? `looks like a k6 summary but ${describeIssue(parsed.error)}` : 'is JSON, but not a k6 summary (no metrics and root_group)';
  return {
    file,
    metrics: new Map(Object.entries(parsed.data.metrics).map(([name, flat]) => [name, fromExport(flat)])),
    checks: checksOf(parsed.data.root_group),
  };
}

/** A `--summary-export` metric: its type told by its keys, a Rate's `value` as `rate`, and thresholds where `true` = failed. */
function fromExport(flat: z.infer<typeof ExportMetric>): SummaryMetric {
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries(flat)) if (typeof v === 'number') values[k] = v;
  const thresholds = Object.entries(isObject(flat.thresholds) ? (flat.thresholds as Record<string, boolean>) : {}).map(([expression, failed]) => ({ expression, passed: !failed }));
  if ('passes' in values && 'fails' in values) {
    // k6 up to 0.29 wrote every Rate's value as 0 (it read a key its sink did not have): the counts are right.
    const total = values.passes! + values.fails!;
    return { type: 'rate', values: { passes: values.passes!, fails: values.fails!, rate: total === 0 ? 0 : values.passes! / total }, thresholds };
  }
  if ('count' in values && 'rate' in values && !('avg' in values)) return { type: 'counter', values, thresholds };
  if ('value' in values && !('avg' in values)) return { type: 'gauge', values, thresholds };
  return { type: 'trend', values, thresholds };
}

/** Every check of the group tree (groups and checks are objects in a summary export, arrays in handleSummary data). */
function checksOf(group: Group): SummaryCheck[] {
  const list = <T>(x: Record<string, T> | T[]): T[] => (Array.isArray(x) ? x : Object.values(x));
  return [...list(group.checks).map((c) => ({ path: c.path, name: c.name, passes: c.passes, fails: c.fails })), ...list(group.groups).flatMap(checksOf)];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'the document'}: ${issue.message}`;
}
