// The report's history of its budgeted metrics: a trend chart for each, and, at the top of the page, any regression a
// baseline has absorbed. The history is data handed in (computed by the judge from the stored runs): nothing is read here.
import type { History, MetricHistory, Verdict } from '../../cli/src/model/index.ts';
import { oncePerMeasurement } from '../../cli/src/model/index.ts';
import { formatTimestamp, formatValue } from '../format.ts';
import { absorbedText, methodText } from '../history-wording.ts';
import { esc } from './escape.ts';
import { trendChart, type Limit } from './trend-chart.ts';

interface Budgeted {
  series: MetricHistory;
  limit?: Limit;
}

/** The series of the metrics a budget rule judged in this run, with the rule's limit; two runs or more. */
function budgetedSeries(history: History | undefined, verdicts: readonly Verdict[]): Budgeted[] {
  if (!history) return [];
  return oncePerMeasurement(verdicts.filter((v) => v.rule && v.measurement)).flatMap((v): Budgeted[] => {
    const series = history.series.find((s) => s.check === v.check && s.metric === v.metric && s.subject === v.subject);
    return series && series.points.length >= 2 ? [{ series, ...(v.limit ? { limit: v.limit } : {}) }] : [];
  });
}

const LEGEND =
  '<ul class="legend"><li><span class="swatch tr-dotkey"></span>a run (median of its rounds)</li><li><span class="swatch tr-meankey"></span>mean between change points</li><li><span class="swatch tr-cpkey"></span>change point</li><li><span class="swatch tr-limitkey"></span>budget limit</li></ul>';

/** One check's trend charts under a "History" heading; '' without a history of its budgeted metrics. */
export function historySection(history: History | undefined, verdicts: readonly Verdict[]): string {
  const budgeted = budgetedSeries(history, verdicts);
  if (!history || budgeted.length === 0) return '';
  // What moved first: absorbed regressions, then any shift, then the steady ones (folded past the fourth).
  const rank = (b: Budgeted) => (b.series.absorbed ? 0 : b.series.changePoints.length ? 1 : 2);
  const ordered = budgeted.map((b, i) => ({ b, i })).sort((a, c) => rank(a.b) - rank(c.b) || a.i - c.i);
  const figures = ordered.map(({ b }, i) => {
    const s = b.series;
    const latest = s.points.at(-1)!;
    const moved = s.changePoints.length ? ` · ${s.changePoints.length} change point${s.changePoints.length === 1 ? '' : 's'}` : ' · steady';
    const flag = s.absorbed ? ' <span class="pill c-regressed">ABSORBED REGRESSION</span>' : '';
    const head = `<summary><span class="tr-subject">${esc(s.subject)}</span> <span class="muted">${esc(s.metric)}</span>${flag} <span class="muted">· ${s.points.length} runs · latest ${esc(formatValue(latest.value, s.unit))}${moved}</span></summary>`;
    const note = s.absorbed ? `<p class="note">${esc(`${s.subject} ${s.metric} is ${absorbedText(s)!}`)}</p>` : '';
    const environments = s.environments
      ? `<p class="muted">These runs come from ${s.environments.length} machines or targets (${esc(s.environments.join('; '))}): their numbers may not compare.</p>`
      : '';
    return `<details class="trend"${i < 4 || rank(b) < 2 ? ' open' : ''}>${head}${note}${environments}${trendChart(s, history.runs, b.limit)}</details>`;
  });
  const span = `${history.runs.length} stored runs, ${formatTimestamp(history.runs[0]!.startedAt)} → ${formatTimestamp(history.runs.at(-1)!.startedAt)}`;
  return `<h3>History <span class="muted">(${esc(span)})</span></h3>${LEGEND}<p class="muted tr-method">${esc(methodText(history))}</p>${figures.join('\n')}`;
}

/** Regressions a baseline has absorbed among the budgeted metrics, for the top of the report; '' when none. */
export function absorbedNotes(history: History | undefined, verdicts: readonly Verdict[]): string {
  const absorbed = budgetedSeries(history, verdicts).filter((b) => b.series.absorbed);
  if (absorbed.length === 0) return '';
  const items = absorbed.map(({ series: s }) => `<li><strong>${esc(s.subject)}</strong> ${esc(s.metric)} is ${esc(absorbedText(s)!)}</li>`);
  return `<div class="note absorbed"><p><strong>Regression absorbed into the history:</strong> any baseline saved since the shift holds it as normal, so comparing against it no longer shows it.</p><ul>${items.join('')}</ul></div>`;
}
