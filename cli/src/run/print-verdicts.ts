import type { RunResult, Verdict } from '../model/index.ts';
import { changeText, limitText, measuredText } from '../../../reports/verdicts.ts';

const ORDER: Record<Verdict['status'], number> = { error: 0, fail: 1, warn: 2, pass: 3, skipped: 4 };

/** The terminal table: worst first, one line per verdict. */
export function formatVerdictTable(result: RunResult, color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const statusColor: Record<Verdict['status'], number> = { error: 35, fail: 31, warn: 33, pass: 32, skipped: 90 };
  // Rules of checks left out on purpose (--only/--skip) would only repeat "was not run": one line says it.
  const notRun = new Set(result.checks.filter((c) => c.status === 'skipped').map((c) => c.id));
  const hidden = result.verdicts.filter((v) => v.status === 'skipped' && notRun.has(v.check));
  const sorted = result.verdicts.filter((v) => !hidden.includes(v)).sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  // Cells read exactly as in the reports (one formatter for values, limits and changes).
  const rows = sorted.map((v) => [
    v.status.toUpperCase(),
    v.check,
    v.metric,
    v.subject,
    measuredText(v),
    limitText(v),
    v.baseline ? changeText(v) : v.status === 'error' || v.status === 'skipped' ? v.message : '',
  ]);
  const header = ['STATUS', 'CHECK', 'METRIC', 'SUBJECT', 'MEASURED', 'LIMIT', 'NOTE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const body = rows.map((r, idx) => {
    const text = line(r);
    return paint(statusColor[sorted[idx]!.status], text.slice(0, widths[0])) + text.slice(widths[0]);
  });
  const s = result.summary;
  const verdictWord = result.outcome === 'pass' ? paint(32, 'PASS') : result.outcome === 'fail' ? paint(31, 'FAIL') : paint(35, 'ERROR');
  const counts = `${s.pass} passed, ${s.fail} failed, ${s.warn} warned, ${s.error} errors, ${s.skipped} skipped` +
    (s.regressed + s.improved + s.same + s.inconclusive > 0 ? ` · ${s.regressed} regressed, ${s.improved} improved, ${s.same} same, ${s.inconclusive} inconclusive` : '');
  const interrupted = result.interrupted ? ' (interrupted: partial results)' : '';
  const hiddenLine = hidden.length ? [`(${hidden.length} rules of checks not run: ${[...notRun].join(', ')})`] : [];
  return [line(header), ...body, ...hiddenLine, '', `perfgate: ${verdictWord}${interrupted} — ${counts}`].join('\n');
}
