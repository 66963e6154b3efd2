// summary.md: GitHub-flavoured markdown for a PR comment or $GITHUB_STEP_SUMMARY.
// Verdict line first, problems next, everything else folded away.
import type { RunResult, Verdict } from '../cli/src/model/index.ts';
import { formatBenchstatTable } from './benchstat.ts';
import { causesNeedingAttention, describeCause } from './causes.ts';
import { formatBytesOfMemory, formatDuration, formatTimestamp } from './format.ts';
import { partsText } from './parts.ts';
import { planChangeText } from './plan-change.ts';
import {
  baselineCaveat,
  changeText,
  countsPhrase,
  generatorBoundGroups,
  generatorBoundText,
  limitText,
  measuredText,
  metricText,
  needsAttention,
  outcomeLabel,
  sortVerdicts,
  statusWord,
  targetText,
} from './verdicts.ts';

/**
 * Text safe in a paragraph or table cell: markdown punctuation backslash-escaped (so a subject
 * like `GET /a|b` neither splits a cell nor turns into emphasis or HTML), newlines flattened.
 */
export function mdText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** A fence longer than any backtick run inside, so content can never close the block. */
function fenced(body: string, info = 'text'): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${body}\n${fence}`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

interface Columns {
  /** Only when the run was compared with a baseline: an always-empty column is noise. */
  baseline: boolean;
  /** Where the limit comes from (the rule's `source`), for the rows a reviewer must act on. */
  source: boolean;
}

function verdictRow(v: Verdict, columns: Columns): string[] {
  // A limit the generator kept from being applied says so where the limit is read.
  const bound = generatorBoundText(v);
  const limit = bound ? (limitText(v) ? `${limitText(v)} (${bound})` : bound) : limitText(v);
  return [
    `**${outcomeLabel(v)}**`,
    mdText(v.check),
    mdText(v.subject),
    mdText(metricText(v)),
    mdText(measuredText(v) || '—'),
    mdText(limit || '—'),
    ...(columns.baseline ? [mdText(changeText(v) || '—')] : []),
    ...(columns.source ? [mdText(v.rule?.source ?? '—')] : []),
  ];
}

function header(columns: Columns): string[] {
  return ['Status', 'Check', 'Subject', 'Metric', 'Measured', 'Limit', ...(columns.baseline ? ['Baseline change'] : []), ...(columns.source ? ['Source'] : [])];
}

/** First line: `**perfgate: FAIL** — 1 failed, 2 regressed, 11 passed · target PayPass (embedded) · run …`. */
export function verdictLine(r: RunResult): string {
  return `**perfgate: ${statusWord(r)}** — ${mdText(countsPhrase(r.summary))} · target ${mdText(targetText(r))} · run ${mdText(formatTimestamp(r.startedAt))} (${mdText(r.id)})`;
}

function environmentLine(r: RunResult): string {
  const e = r.environment;
  const parts = [
    e.cpu,
    `${e.cores} cores`,
    formatBytesOfMemory(e.memoryBytes),
    `Node ${e.node}`,
    e.os,
    `host ${e.hostname}`,
    e.gitSha ? `git ${e.gitSha}` : '',
    ...Object.entries(e.engines).map(([k, v]) => `${k} ${v}`),
    `perfgate ${e.perfgateVersion}`,
    `took ${formatDuration(Date.parse(r.finishedAt) - Date.parse(r.startedAt))}`,
  ].filter(Boolean);
  return `<sub>Environment: ${parts.map(mdText).join(' · ')}</sub>`;
}

export function renderMarkdown(result: RunResult): string {
  const out: string[] = [verdictLine(result), ''];
  if (result.interrupted) out.push('> **Interrupted:** the run was cut short; only the checks that ran are reported.', '');
  const caveat = baselineCaveat(result);
  if (caveat) out.push(`> **Note:** ${mdText(caveat)}`, '');

  // Checks that could not run, with their error, even when the judge wrote no verdict for them.
  const broken = result.checks.filter((c) => c.status === 'error' || c.status === 'aborted');
  for (const c of broken) out.push(`- **${c.status === 'error' ? 'Could not run' : 'Aborted'}:** ${mdText(c.title)} (${mdText(c.id)})${c.error ? ` — ${mdText(c.error)}` : ''}`);
  if (broken.length) out.push('');

  const sorted = sortVerdicts(result.verdicts);
  const attention = sorted.filter(needsAttention);
  const rest = sorted.filter((v) => !needsAttention(v));
  const bound = generatorBoundGroups(result.verdicts);
  const baseline = result.verdicts.some((v) => v.baseline);
  const urgent: Columns = { baseline, source: attention.some((v) => v.rule?.source) };
  const other: Columns = { baseline, source: false };
  if (attention.length)
    out.push(
      table(
        header(urgent),
        attention.map((v) => verdictRow(v, urgent)),
      ),
      '',
    );
  else if (result.verdicts.length) out.push(bound.length ? 'All judged budgets passed.' : 'All budgets passed.', '');

  // Not folded away: numbers the load generator limited say nothing about the target, and must not be read as if they did.
  if (bound.length) {
    out.push('> **Generator-bound — not judged:** the load generator, not the target, was the bottleneck; these numbers are reported, not judged.');
    for (const g of bound) out.push(`> - ${mdText(g.subject)}: ${mdText(g.reason)} · not judged: ${g.metrics.map(mdText).join(', ')}`);
    out.push('');
  }

  if (rest.length) {
    out.push(
      `<details><summary>${rest.length} other result${rest.length === 1 ? '' : 's'}</summary>`,
      '',
      table(
        header(other),
        rest.map((v) => verdictRow(v, other)),
      ),
      '',
      '</details>',
      '',
    );
  }

  // Cause, not just effect: the queries behind each endpoint that needs attention, with what EXPLAIN found.
  const causes = causesNeedingAttention(attention, result);
  if (causes.length) {
    out.push("**Queries behind these endpoints** (per request, from the target's `db_queries_total`; EXPLAIN findings):", '');
    for (const { subject, causes: list } of causes) out.push(`- ${mdText(subject)}: ${list.map((c) => mdText(describeCause(c))).join(' · ')}`);
    out.push('');
  }

  // A changed query plan is the likely cause of a changed number: name it where reviewers look.
  const plans = new Map<string, string>();
  for (const v of attention) {
    const change = v.baseline?.planChange;
    if (change) plans.set(v.subject, planChangeText(change));
  }
  if (plans.size) {
    out.push('**Query plans that changed:**', '');
    for (const [subject, change] of plans) out.push(`- ${mdText(subject)}: ${mdText(change)}`);
    out.push('');
  }

  // What made a chunk grow: its source modules with their byte deltas (from the build's source maps).
  const grown = attention.filter((v) => v.baseline?.parts?.length && v.baseline.change === 'regressed');
  if (grown.length) {
    out.push('**What changed most** (raw bytes by source module):', '');
    for (const v of grown) out.push(`- ${mdText(v.subject)}: ${mdText(partsText(v.baseline!.parts!))}`);
    out.push('');
  }

  const compared = sorted.filter((v) => v.baseline);
  if (compared.length && result.baseline) {
    out.push(`**Against baseline** ${mdText(result.baseline.name)} (run ${mdText(result.baseline.runId)}):`, '');
    out.push(fenced(formatBenchstatTable(compared, 'base', 'head')), '');
  }
  // Reports a check's own engine wrote beside this summary (Lighthouse's, of each subject's median run).
  for (const c of result.checks.filter((x) => x.files?.length)) {
    out.push(`**${mdText(c.title)} — reports beside this summary:** ${c.files!.map((f) => `[${mdText(f.subject ?? f.title)}](${encodeURI(f.path)})`).join(' · ')}`, '');
  }
  out.push(environmentLine(result), '');
  return out.join('\n');
}
