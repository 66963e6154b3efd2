// report.html: one self-contained page (inline CSS and SVG, no scripts, no network), verdict first.
import type { History, Measurement, RunResult } from '../../cli/src/model/index.ts';
import { formatMetricName, formatValue } from '../format.ts';
import { sortVerdicts, statusWord } from '../verdicts.ts';
import { baselineChart } from './baseline-chart.ts';
import { budgetBars } from './budget-bars.ts';
import { esc } from './escape.ts';
import { absorbedNotes, historySection } from './history-section.ts';
import { percentileChart } from './percentile-chart.ts';
import { timelineCharts } from './timeline-chart.ts';
import { attentionTable, banner, checkFiles, checkSettings, notes, queryCausesList, runAndMachine } from './sections.ts';
import { STYLES } from './styles.ts';
import { TREND_STYLES } from './trend-chart.ts';

export interface HtmlOptions {
  /** The stored runs' history (judge/history), for trend charts of the budgeted metrics; none without it. */
  history?: History;
}

/** Measurements no verdict judged (no rule matched): still shown, as a plain list. */
function unjudged(measurements: readonly Measurement[], judged: Set<Measurement>): string {
  const rest = measurements.filter((m) => !judged.has(m) && !m.metric.startsWith('latency.'));
  if (rest.length === 0) return '';
  const rows = rest.map((m) => `<tr><td>${esc(formatMetricName(m))}</td><td>${esc(m.subject)}</td><td>${esc(formatValue(m.value, m.unit))}</td></tr>`).join('');
  // Folded: what no budget judges is context, not news.
  return `<details class="other"><summary><h3>Other measurements (${rest.length})</h3></summary><table><tbody>${rows}</tbody></table></details>`;
}

function checkSection(r: RunResult, id: string, history: History | undefined): string {
  const check = r.checks.find((c) => c.id === id);
  const measurements = r.measurements.filter((m) => m.check === id);
  const verdicts = sortVerdicts(r.verdicts.filter((v) => v.check === id));
  const judged = new Set(verdicts.map((v) => v.measurement).filter((m): m is Measurement => m !== undefined));
  const chart = percentileChart(measurements, verdicts);
  const bars = budgetBars(verdicts);
  const base = baselineChart(verdicts);
  // Subjects whose load generator was the bottleneck, and why: their timelines say so.
  const bound = new Map(measurements.flatMap((m): [string, string][] => (m.generatorBound ? [[m.subject, m.generatorBound]] : [])));
  const timelines = timelineCharts(check?.timelines, bound);
  const trends = historySection(history, verdicts);
  // Latencies of one load model name it in the heading; several name theirs in the legend.
  const models = [...new Set(measurements.filter((m) => m.metric.startsWith('latency.') && m.loadModel).map((m) => m.loadModel))];
  const model = models.length === 1 ? ` <span class="muted">(${esc(models[0]!)} model)</span>` : '';
  const status = check ? `<span class="pill o-${check.status === 'ok' ? 'pass' : check.status === 'skipped' ? 'skipped' : 'error'}">${esc(check.status.toUpperCase())}</span>` : '';
  return `<section class="check" id="check-${esc(id)}">
<h2>${esc(check?.title ?? id)} <span class="muted">${esc(id)}</span> ${status}</h2>
${checkSettings(check)}
${checkFiles(check)}
${chart ? `<h3>Latency by percentile${model}</h3>${chart}` : ''}
${bars ? `<h3>Budgets</h3>${bars}` : ''}
${base ? `<h3>Against the baseline</h3>${base}` : ''}
${trends}
${timelines ? `<h3>Over time <span class="muted">(last round, per second)</span></h3>${timelines}` : ''}
${unjudged(measurements, judged)}
</section>`;
}

export function renderHtml(result: RunResult, options: HtmlOptions = {}): string {
  const ids = [...result.checks.map((c) => c.id), ...result.verdicts.map((v) => v.check), ...result.measurements.map((m) => m.check)].filter((id, i, all) => all.indexOf(id) === i);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(`perfgate ${statusWord(result)} — ${result.id}`)}</title>
<style>${STYLES}${TREND_STYLES}</style>
</head>
<body>
<main>
${banner(result)}
${notes(result)}
${absorbedNotes(options.history, result.verdicts)}
${attentionTable(result.verdicts)}
${queryCausesList(result)}
${ids.map((id) => checkSection(result, id, options.history)).join('\n')}
${runAndMachine(result)}
<footer>perfgate ${esc(result.environment.perfgateVersion)} · schema v${esc(result.schemaVersion)} · run ${esc(result.id)}</footer>
</main>
</body>
</html>
`;
}
