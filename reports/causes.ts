// "Cause, not just effect": a load verdict that needs attention, linked to the catalog queries its endpoint ran
// (the target's db_queries_total, read around each endpoint's load) and to what EXPLAIN found for those queries.
import type { Measurement, RunResult, Verdict } from '../cli/src/model/index.ts';
import { formatValue } from './format.ts';
import { planChangeText } from './plan-change.ts';

export interface QueryCause {
  query: string;
  /** Times the endpoint's requests ran it, per request. */
  perRequest: number;
  /** EXPLAIN findings for the query's plans (`query:NAME` and variants such as `query:NAME.deep`). */
  findings: string[];
}

/** Queries behind one verdict's endpoint, most frequent first; [] for verdicts that are not about an endpoint. */
export function queryCauses(v: Verdict, result: RunResult): QueryCause[] {
  const rates = v.measurement?.queriesPerRequest ?? {};
  return Object.entries(rates).map(([query, perRequest]) => ({ query, perRequest, findings: findingsFor(query, result) }));
}

/** Each endpoint needing attention once, with the queries behind it; endpoints without query data are left out. */
export function causesNeedingAttention(attention: readonly Verdict[], result: RunResult): { subject: string; causes: QueryCause[] }[] {
  const seen = new Set<string>();
  const out: { subject: string; causes: QueryCause[] }[] = [];
  for (const v of attention) {
    if (v.check !== 'load' || seen.has(v.subject)) continue;
    const causes = queryCauses(v, result);
    if (causes.length === 0) continue;
    seen.add(v.subject);
    out.push({ subject: v.subject, causes });
  }
  return out;
}

/** `getPaginatedPayments ×1/request (query:getPaginatedPayments.first: 0.061 ms, plan changed: … → …)`. */
export function describeCause(c: QueryCause): string {
  const rate = `×${Number(c.perRequest.toFixed(2))}/request`;
  return `${c.query} ${rate}${c.findings.length ? ` (${c.findings.join('; ')})` : ''}`;
}

function findingsFor(query: string, result: RunResult): string[] {
  const subjects = new Set(
    result.measurements.filter((m) => m.check === 'explain' && (m.subject === `query:${query}` || m.subject.startsWith(`query:${query}.`))).map((m) => m.subject),
  );
  const findings: string[] = [];
  for (const subject of subjects) {
    const of = (metric: string): Measurement | undefined => result.measurements.find((m) => m.check === 'explain' && m.subject === subject && m.metric === metric);
    const parts: string[] = [];
    const ms = of('plan.execution_ms');
    if (ms) parts.push(formatValue(ms.value, 'ms'));
    const seqRows = of('plan.seq_scan_rows');
    if (seqRows && seqRows.value > 0) parts.push(`seq scans read ${formatValue(seqRows.value, 'count')} rows`);
    const verdicts = result.verdicts.filter((x) => x.check === 'explain' && x.subject === subject);
    const failed = verdicts.filter((x) => x.status === 'fail' || x.baseline?.change === 'regressed').map((x) => x.metric);
    if (failed.length) parts.push(`EXPLAIN flags ${[...new Set(failed)].join(', ')}`);
    const changed = verdicts.map((x) => x.baseline?.planChange).find(Boolean);
    if (changed) parts.push(`plan changed: ${planChangeText(changed)}`);
    else if (verdicts.some((x) => x.baseline)) parts.push('plan unchanged');
    findings.push(`${subject}: ${parts.join(', ')}`);
  }
  return findings;
}
