// Baseline comparisons: the relative change and its confidence interval as a bar, drawn against
// the ±tolerance band; an interval wholly outside the band is what "regressed" means.
import type { Verdict } from '../../cli/src/model/index.ts';
import { formatBenchstatTable } from '../benchstat.ts';
import { oncePerMeasurement } from '../../cli/src/model/index.ts';
import { formatP } from '../format.ts';
import { describeReason } from '../reason.ts';
import { changeText, metricText } from '../verdicts.ts';
import { esc } from './escape.ts';
import { niceCeil } from './scale.ts';

/** Axis ends are round numbers: `-20%`, `+20%`. */
const axisPct = (f: number) => `${f > 0 ? '+' : ''}${Number((f * 100).toPrecision(3))}%`;

export function baselineChart(verdicts: readonly Verdict[]): string {
  const compared = oncePerMeasurement(verdicts.filter((v) => v.baseline));
  if (compared.length === 0) return '';
  // One symmetric axis per check so rows compare at a glance.
  const reach = Math.max(0.05, ...compared.flatMap((v) => [Math.abs(v.baseline!.delta), ...(v.baseline!.ci ?? []).map(Math.abs), v.baseline!.tolerance * 2]));
  const R = niceCeil(reach * 1.1);
  const x = (f: number) => `${(((Math.max(-R, Math.min(R, f)) + R) / (2 * R)) * 100).toFixed(2)}%`;
  const rows = compared.map((v) => {
    const b = v.baseline!;
    const tol = b.tolerance;
    const parts = [
      `<rect class="band" x="${x(-tol)}" y="0" width="${((tol / R) * 50).toFixed(2)}%" height="20"/>`,
      `<rect class="band" x="50%" y="0" width="${((tol / R) * 50).toFixed(2)}%" height="20"/>`,
      `<line class="zero" x1="50%" x2="50%" y1="0" y2="20"/>`,
    ];
    if (b.ci) {
      parts.push(`<line class="ci c-${b.change}" x1="${x(b.ci[0])}" x2="${x(b.ci[1])}" y1="10" y2="10"/>`);
      for (const e of b.ci) parts.push(`<line class="ci c-${b.change}" x1="${x(e)}" x2="${x(e)}" y1="5" y2="15"/>`);
    }
    parts.push(`<circle class="delta c-${b.change}" cx="${x(b.delta)}" cy="10" r="4"><title>${esc(changeText(v))}</title></circle>`);
    const stats = [b.p !== undefined ? formatP(b.pAdjusted ?? b.p) : '', b.n ? `n=${b.n.join('+')}` : '', b.test === 'exact' ? 'exact' : ''].filter(Boolean).join(' ');
    return `<li class="crow"><div class="blabel"><span class="pill c-${b.change}">${esc(b.change.toUpperCase())}</span> <span class="metric">${esc(metricText(v))}</span> <span class="subject">${esc(v.subject)}</span></div>
<div class="bvalue"><strong>${esc(changeText(v).replace(/ \w+$/, ''))}</strong> <span class="muted">${esc(stats)}${stats ? ' · ' : ''}${esc(describeReason(b))}</span></div>
<svg class="interval" height="20" role="img" aria-label="${esc(changeText(v))}">${parts.join('')}</svg></li>`;
  });
  const axis = `<div class="caxis muted"><span>${esc(axisPct(-R))}</span><span>0 (shaded: ±tolerance)</span><span>${esc(axisPct(R))}</span></div>`;
  return `<ul class="bullets">${rows.join('')}</ul>${axis}
<details><summary>benchstat view</summary><pre>${esc(formatBenchstatTable(compared))}</pre></details>`;
}
