// The page's non-chart parts: the verdict banner, the attention table, the run and machine facts.
import type { CheckRun, RunResult, Verdict } from '../../cli/src/model/index.ts';
import { formatBytesOfMemory, formatDuration, formatTimestamp } from '../format.ts';
import {
  baselineCaveat,
  changeText,
  generatorBoundGroups,
  limitText,
  measuredText,
  metricText,
  needsAttention,
  outcomeLabel,
  sortVerdicts,
  statusWord,
  targetText,
  verdictOutcome,
} from '../verdicts.ts';
import { esc } from './escape.ts';
import { causesNeedingAttention, describeCause } from '../causes.ts';

/** Big PASS/FAIL/ERROR with every verdict count and change count, zero counts dimmed. */
export function banner(r: RunResult): string {
  const s = r.summary;
  const chips: [number, string][] = [
    [s.fail, 'failed'],
    [s.error, 'errors'],
    [s.warn, 'warnings'],
    [s.pass, 'passed'],
    [s.skipped, 'skipped'],
    [s.regressed, 'regressed'],
    [s.improved, 'improved'],
    [s.same, 'same'],
    [s.inconclusive, 'inconclusive'],
  ];
  const counts = chips.map(([n, w]) => `<li${n ? '' : ' class="zero"'}><strong>${n}</strong> ${w}</li>`).join('');
  return `<header class="banner ${esc(r.outcome)}" id="verdict">
<p class="status">perfgate: ${esc(statusWord(r))}</p>
<p class="sub">target ${esc(targetText(r))} · run ${esc(formatTimestamp(r.startedAt))} · exit code ${esc(r.exitCode)}</p>
<ul class="counts">${counts}</ul></header>`;
}

/** Warnings the reader must see before any number: interrupted run, baseline from elsewhere, broken checks. */
export function notes(r: RunResult): string {
  const out: string[] = [];
  if (r.interrupted) out.push('<p class="note"><strong>Interrupted:</strong> the run was cut short; only what ran is shown.</p>');
  const caveat = baselineCaveat(r);
  if (caveat) out.push(`<p class="note"><strong>Baseline from a different environment:</strong> ${esc(caveat)}</p>`);
  for (const c of r.checks.filter((c) => c.status === 'error' || c.status === 'aborted')) {
    out.push(`<p class="note err"><strong>${c.status === 'error' ? 'Could not run' : 'Aborted'}:</strong> ${esc(c.title)} — ${esc(c.error ?? 'no error message')}</p>`);
  }
  // The load generator, not the target, was the bottleneck: the numbers are shown, the target is not blamed for them.
  const bound = generatorBoundGroups(r.verdicts);
  if (bound.length) {
    const items = bound.map((g) => `<li><strong>${esc(g.subject)}</strong>: ${esc(g.reason)} <span class="muted">· not judged: ${esc(g.metrics.join(', '))}</span></li>`);
    out.push(
      `<div class="note bound"><p><strong>Generator-bound — not judged:</strong> the load generator, not the target, was the bottleneck; these numbers are reported, not judged.</p><ul>${items.join('')}</ul></div>`,
    );
  }
  return out.join('\n');
}

function cell(text: string): string {
  return text ? `<td>${esc(text)}</td>` : '<td class="empty">—</td>';
}

/** The catalog queries behind each endpoint needing attention, with what EXPLAIN found for them. */
export function queryCausesList(result: RunResult): string {
  const causes = causesNeedingAttention(sortVerdicts(result.verdicts).filter(needsAttention), result);
  if (causes.length === 0) return '';
  const items = causes.map(({ subject, causes: list }) => `<li><strong>${esc(subject)}</strong> runs ${list.map((c) => esc(describeCause(c))).join(' · ')}</li>`);
  return `<h3>Queries behind these endpoints</h3><ul class="causes">${items.join('')}</ul>`;
}

/** Failures, errors, regressions and warnings, most urgent first. */
export function attentionTable(verdicts: readonly Verdict[]): string {
  const rows = sortVerdicts(verdicts).filter(needsAttention);
  if (rows.length === 0) {
    if (verdicts.length === 0) return '<p>No verdicts.</p>';
    return generatorBoundGroups(verdicts).length ? '<p>All judged budgets passed and nothing regressed.</p>' : '<p>All budgets passed and nothing regressed.</p>';
  }
  // A column that would read "—" on every row without a baseline is left out, as in summary.md.
  const compared = verdicts.some((v) => v.baseline);
  const body = rows
    .map((v) => {
      const o = verdictOutcome(v);
      return `<tr><td><span class="pill o-${o}">${esc(outcomeLabel(v))}</span></td>${cell(v.check)}<td><strong>${esc(v.subject)}</strong></td>${cell(metricText(v))}${cell(measuredText(v))}${cell(limitText(v) && `limit ${limitText(v)}`)}${compared ? cell(changeText(v)) : ''}</tr>`;
    })
    .join('');
  return `<h2>Needs attention</h2><table class="attention"><thead><tr><th>Status</th><th>Check</th><th>Subject</th><th>Metric</th><th>Measured</th><th>Limit</th>${compared ? '<th>Baseline change</th>' : ''}</tr></thead><tbody>${body}</tbody></table>`;
}

export function kv(pairs: [string, string | undefined][]): string {
  const items = pairs.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v!)}</dd>`);
  return items.length ? `<dl class="kv">${items.join('')}</dl>` : '';
}

/** How a check ran: status, duration and its own settings. */
export function checkSettings(c: CheckRun | undefined): string {
  if (!c) return '';
  // A map setting (the explain check's plan per query) reads better as one line per key than as JSON.
  const settings = Object.entries(c.settings ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .flatMap(([k, v]): [string, string][] =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.entries(v as Record<string, unknown>).map(([sub, x]): [string, string] => [`${k} · ${sub}`, typeof x === 'string' ? x : (JSON.stringify(x) ?? String(x))])
        : [[k, typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))]],
    );
  return kv([['status', c.status], ['duration', formatDuration(c.durationMs)], [c.status === 'skipped' ? 'reason' : 'error', c.error], ...settings]);
}

/** Links to the files a check wrote beside this report (Lighthouse's own report of each subject's median run). */
export function checkFiles(c: CheckRun | undefined): string {
  if (!c?.files?.length) return '';
  // One title for all (the usual case) heads the list; the links then read as the subjects they belong to.
  const titles = new Set(c.files.map((f) => f.title));
  const shared = titles.size === 1 ? c.files[0]!.title : undefined;
  const heading = `<h3>${esc(shared ?? 'Reports')} <span class="muted">beside this report</span></h3>`;
  const link = (f: NonNullable<CheckRun['files']>[number], text: string) => `<a href="${esc(encodeURI(f.path))}">${esc(text)}</a>`;
  const grid = shared ? variantGrid(c.files, link) : '';
  if (grid) return heading + grid;
  const items = c.files.map((f) => `<li>${link(f, f.subject ?? f.path)}${shared ? '' : ` <span class="muted">${esc(f.title)}</span>`}</li>`);
  return `${heading}<ul class="files">${items.join('')}</ul>`;
}

/**
 * Subjects that end in a variant (`page:/send mobile`, `page:/send desktop`) as a table, one row per subject and a
 * column per variant; undefined when the files do not all fit that shape.
 */
function variantGrid<F extends { subject?: string }>(files: readonly F[], link: (f: F, text: string) => string): string | undefined {
  const split = files.map((f) => ({ f, m: f.subject ? /^(.*) (\S+)$/.exec(f.subject) : null }));
  if (split.some((x) => !x.m)) return undefined;
  const variants = [...new Set(split.map((x) => x.m![2]!))];
  const names = [...new Set(split.map((x) => x.m![1]!))];
  if (variants.length < 2 || names.length * variants.length < files.length) return undefined;
  const cell = (name: string, variant: string) => {
    const hit = split.find((x) => x.m![1] === name && x.m![2] === variant);
    return `<td>${hit ? link(hit.f, variant) : ''}</td>`;
  };
  const rows = names.map((n) => `<tr><td>${esc(n)}</td>${variants.map((v) => cell(n, v)).join('')}</tr>`).join('');
  return `<table class="files"><thead><tr><th></th>${variants.map((v) => `<th>${esc(v)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The machine and how the run was done. */
export function runAndMachine(r: RunResult): string {
  const e = r.environment;
  const run = kv([
    ['run id', r.id],
    ['target', targetText(r)],
    ['mode', r.target.mode],
    ['url', r.target.url],
    ['started', formatTimestamp(r.startedAt)],
    ['finished', formatTimestamp(r.finishedAt)],
    ['duration', formatDuration(Date.parse(r.finishedAt) - Date.parse(r.startedAt))],
    ['interrupted', r.interrupted ? 'yes — cut short' : 'no'],
    ['budgets', r.budgetsFile],
    ['baseline', r.baseline ? `${r.baseline.name} (run ${r.baseline.runId})` : 'none'],
    ['baseline differs in', r.baseline?.environmentDiffers.join(', ')],
    ['outcome', `${statusWord(r)} (exit ${r.exitCode})`],
  ]);
  const machine = kv([
    ['cpu', e.cpu],
    ['cores', String(e.cores)],
    ['memory', formatBytesOfMemory(e.memoryBytes)],
    ['os', e.os],
    ['host', e.hostname],
    ['node', e.node],
    ['git', e.gitSha],
    ['perfgate', e.perfgateVersion],
    ...Object.entries(e.engines).map(([k, v]): [string, string] => [k, v]),
  ]);
  return `<h2>Run and machine</h2><div class="twocol"><div><h3>How it ran</h3>${run}</div><div><h3>Machine</h3>${machine}</div></div>`;
}
