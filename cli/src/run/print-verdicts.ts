import type { RunResult } from '../model/index.ts';
import { changeText, limitText, measuredText, metricText, OUTCOME_LABEL, sortVerdicts, verdictOutcome, type Outcome } from '../../../reports/verdicts.ts';

/** The terminal table: worst first, one line per verdict. */
export function formatVerdictTable(result: RunResult, color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const outcomeColor: Record<Outcome, number> = { error: 35, fail: 31, regressed: 31, warn: 33, pass: 32, skipped: 90 };
  // Rules of checks left out on purpose (--only/--skip) would only repeat "was not run": one line says it.
  const notRun = new Set(result.checks.filter((c) => c.status === 'skipped').map((c) => c.id));
  const hidden = result.verdicts.filter((v) => v.status === 'skipped' && notRun.has(v.check));
  // The status column reads as in the reports: a regression outranks the pass of its absolute limit.
  const sorted = sortVerdicts(result.verdicts.filter((v) => !hidden.includes(v)));
  // Cells read exactly as in the reports (one formatter for values, limits and changes).
  const rows = sorted.map((v) => [
    OUTCOME_LABEL[verdictOutcome(v)],
    v.check,
    metricText(v),
    v.subject,
    measuredText(v),
    limitText(v),
    v.baseline ? changeText(v) : v.status === 'error' || v.status === 'skipped' ? v.message : '',
  ]);
  const header = ['STATUS', 'CHECK', 'METRIC', 'SUBJECT', 'MEASURED', 'LIMIT', 'NOTE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const body = rows.map((r, idx) => {
    const text = line(r);
    return paint(outcomeColor[verdictOutcome(sorted[idx]!)], text.slice(0, widths[0])) + text.slice(widths[0]);
  });
  const s = result.summary;
  const verdictWord = result.outcome === 'pass' ? paint(32, 'PASS') : result.outcome === 'fail' ? paint(31, 'FAIL') : paint(35, 'ERROR');
  const counts =
    `${s.pass} passed, ${s.fail} failed, ${s.warn} warned, ${s.error} errors, ${s.skipped} skipped` +
    (s.regressed + s.improved + s.same + s.inconclusive > 0 ? ` · ${s.regressed} regressed, ${s.improved} improved, ${s.same} same, ${s.inconclusive} inconclusive` : '');
  const interrupted = result.interrupted ? ' (interrupted: partial results)' : '';
  const hiddenLine = hidden.length ? [`(${hidden.map((v) => `${v.check}: ${v.message}`).join('; ')})`] : [];
  return [line(header), ...body, ...hiddenLine, '', `perfgate: ${verdictWord}${interrupted} — ${counts}`].join('\n');
}
