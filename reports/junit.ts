// junit.xml: one <testsuite> per check, one <testcase> per verdict, so CI test tabs show budgets.
// Valid against both the strict Ant schema (windyroad JUnit.xsd) and Jenkins xUnit's junit-10.xsd:
// no attributes on <testsuites>; each suite has package, id, hostname, a zone-less timestamp,
// <properties> first, then testcases, then <system-out> and <system-err>; at most one
// failure/error/skipped per testcase and no per-testcase system-out (Ant forbids it), so warn
// texts go to the suite's <system-out>.
import { describeCause, queryCauses } from './causes.ts';
import type { CheckRun, RunResult, Verdict } from '../cli/src/model/index.ts';
import { formatP, formatValue } from './format.ts';
import { describeReason } from './reason.ts';
import { changeText, generatorBoundText, limitText, measuredText, metricText, statusWord, targetText } from './verdicts.ts';
import { attrs, xmlText } from './xml.ts';

/** `2026-03-01T10:04:12` in UTC: the Ant schema forbids zone and fraction. */
function antTimestamp(iso: string): string {
  const d = new Date(iso);
  return (Number.isNaN(d.getTime()) ? new Date(0) : d).toISOString().slice(0, 19);
}

/** Seconds with at most 3 decimals (Surefire time pattern, xs:decimal). */
function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** xs:token with minLength 1: single-line, non-blank. */
function token(s: string, fallback: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length ? t : fallback;
}

export function testcaseName(v: Verdict): string {
  return token([metricText(v), v.subject, limitText(v)].filter(Boolean).join(' '), 'verdict');
}

/** Measured vs limit (and the baseline change) in one line, for the failure message. */
function failureMessage(v: Verdict): string {
  const parts = [`${metricText(v)} ${v.subject}: measured ${measuredText(v) || 'nothing'}`];
  const limit = limitText(v);
  if (limit) parts.push(`limit ${limit}`);
  const change = changeText(v);
  if (change) parts.push(`baseline ${formatValue(v.baseline!.value, v.measurement?.unit ?? 'count')} → ${change}`);
  return parts.join(', ');
}

/** Multi-line body: the judge's message, the rule's source, the statistics. */
function detail(v: Verdict, result: RunResult): string {
  // A judged measurement is worded here, with the reports' own formatter; the judge's message only where there is none.
  const lines = [v.measurement ? `measured ${measuredText(v)}${limitText(v) ? `, limit ${limitText(v)}` : ''}` : v.message];
  for (const cause of queryCauses(v, result)) lines.push(`runs ${describeCause(cause)}`);
  if (v.rule?.source) lines.push(`budget: ${v.rule.source}`);
  const b = v.baseline;
  if (b) {
    lines.push(`baseline run ${b.run}: ${changeText(v)} (tolerance ±${Math.round(b.tolerance * 100)}%)`);
    if (b.test)
      lines.push(
        `test ${b.test}${b.p !== undefined ? ` ${formatP(b.p)}` : ''}${b.pAdjusted !== undefined ? ` adjusted ${formatP(b.pAdjusted)}` : ''}${b.n ? ` n=${b.n.join('+')}` : ''}`,
      );
    lines.push(describeReason(b));
  }
  return lines.join('\n');
}

type Kind = 'failure' | 'error' | 'skipped' | 'pass';

/** What JUnit element a verdict becomes: a regression fails the test even when the budget passed. */
export function junitKind(v: Verdict): Kind {
  if (v.status === 'error') return 'error';
  if (v.status === 'skipped') return 'skipped';
  if (v.status === 'fail' || v.baseline?.change === 'regressed') return 'failure';
  return 'pass';
}

function testcase(v: Verdict, classname: string, result: RunResult): string {
  const open = `    <testcase ${attrs([
    ['name', testcaseName(v)],
    ['classname', classname],
    ['time', '0'],
  ])}`;
  const kind = junitKind(v);
  if (kind === 'pass') return `${open}/>`;
  if (kind === 'skipped') return `${open}>\n      <skipped ${attrs([['message', generatorBoundText(v) || v.message]])}/>\n    </testcase>`;
  const type = kind === 'error' ? 'perfgate.check-error' : v.status === 'fail' ? 'perfgate.budget' : 'perfgate.regression';
  const message = kind === 'error' ? v.message : failureMessage(v);
  return `${open}>\n      <${kind} ${attrs([
    ['message', message],
    ['type', type],
  ])}>${xmlText(detail(v, result))}</${kind}>\n    </testcase>`;
}

function properties(r: RunResult, check: CheckRun | undefined): string {
  const e = r.environment;
  const pairs: [string, string][] = [
    ['perfgate.run', r.id],
    ['perfgate.outcome', statusWord(r)],
    ['perfgate.version', e.perfgateVersion],
    ['target', targetText(r)],
    ['target.kind', r.target.kind],
    ...(r.target.mode ? [['target.mode', r.target.mode] as [string, string]] : []),
    ...(check ? [['check.title', check.title] as [string, string], ['check.status', check.status] as [string, string]] : []),
    ...Object.entries(check?.settings ?? {})
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]): [string, string] => [`settings.${k}`, typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))]),
    ...(r.budgetsFile ? [['budgets', r.budgetsFile] as [string, string]] : []),
    ...(r.baseline ? [['baseline', `${r.baseline.name} (${r.baseline.runId})`] as [string, string]] : []),
    ...(r.baseline?.environmentDiffers.length ? [['baseline.environmentDiffers', r.baseline.environmentDiffers.join(', ')] as [string, string]] : []),
    ['env.cpu', e.cpu],
    ['env.cores', String(e.cores)],
    ['env.node', e.node],
    ['env.os', e.os],
    ...(e.gitSha ? [['env.gitSha', e.gitSha] as [string, string]] : []),
    ['interrupted', String(r.interrupted)],
  ];
  const lines = pairs.map(
    ([name, value]) =>
      `      <property ${attrs([
        ['name', token(name, 'property')],
        ['value', value],
      ])}/>`,
  );
  return `    <properties>\n${lines.join('\n')}\n    </properties>`;
}

/** A check that could not run (or was skipped) but has no verdict still shows up as one testcase. */
function syntheticVerdict(c: CheckRun): Verdict | undefined {
  if (c.status === 'ok') return undefined;
  const status = c.status === 'skipped' ? 'skipped' : 'error';
  return { check: c.id, metric: 'check', subject: c.title, status, message: c.error ?? `check ${c.status}` };
}

export function renderJunit(result: RunResult): string {
  // Suites in check order; verdicts of a check the run did not list still get a suite.
  const ids = [...result.checks.map((c) => c.id), ...result.verdicts.map((v) => v.check)].filter((id, i, all) => all.indexOf(id) === i);
  const suites = ids.map((id, index) => {
    const check = result.checks.find((c) => c.id === id);
    let verdicts = result.verdicts.filter((v) => v.check === id);
    const synthetic = check && verdicts.length === 0 ? syntheticVerdict(check) : undefined;
    if (synthetic) verdicts = [synthetic];
    const kinds = verdicts.map(junitKind);
    const count = (k: Kind) => kinds.filter((x) => x === k).length;
    const classname = token(`perfgate.${id}`, 'perfgate');
    const out = verdicts
      .filter((v) => v.status === 'warn' || (v.status === 'pass' && v.baseline?.change === 'regressed'))
      .map((v) => `${v.status.toUpperCase()} ${testcaseName(v)}: ${v.message}`);
    const err = [check?.error ? `${id}: ${check.error}` : '', ...verdicts.filter((v) => v.status === 'error').map((v) => v.message)].filter(
      (s, i, all) => s && all.indexOf(s) === i,
    );
    const head = attrs([
      ['name', token(id, 'check')],
      ['package', 'perfgate'],
      ['id', index],
      ['hostname', token(result.environment.hostname, 'localhost')],
      ['timestamp', antTimestamp(result.startedAt)],
      ['tests', verdicts.length],
      ['failures', count('failure')],
      ['errors', count('error')],
      ['skipped', count('skipped')],
      ['time', seconds(check?.durationMs ?? 0)],
    ]);
    return [
      `  <testsuite ${head}>`,
      properties(result, check),
      ...verdicts.map((v) => testcase(v, classname, result)),
      `    <system-out>${xmlText(out.join('\n'))}</system-out>`,
      `    <system-err>${xmlText(err.join('\n'))}</system-err>`,
      '  </testsuite>',
    ].join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}
