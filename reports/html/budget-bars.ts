// Each measurement against its budget as a bullet bar: value bar coloured by outcome, limit marker,
// the baseline value as a hollow tick, and per-round samples as dots underneath.
// SVG coordinates are percentages, so the bar stretches with the page while dots stay round.
import type { Verdict } from '../../cli/src/model/index.ts';
import { formatValue } from '../format.ts';
import { generatorBoundText, limitText, measuredText, metricText, outcomeLabel, verdictOutcome } from '../verdicts.ts';
import { esc } from './escape.ts';

const pct = (v: number, max: number) => `${Math.max(0, Math.min(100, (v / max) * 100)).toFixed(2)}%`;

function bar(v: Verdict): string {
  const m = v.measurement!;
  // A verdict left unjudged (generator-bound) has no limit applied: its rule's still places the mark.
  const limit = v.limit?.value ?? v.rule?.max ?? v.rule?.min;
  const samples = m.samples ?? [];
  const max = Math.max(m.value, limit ?? 0, v.baseline?.value ?? 0, ...samples) * 1.12 || 1;
  const parts = [
    `<rect class="track" x="0" y="2" width="100%" height="14" rx="2"/>`,
    `<rect class="bar o-${verdictOutcome(v)}" x="0" y="4" width="${pct(m.value, max)}" height="10" rx="1"><title>${esc(measuredText(v))}</title></rect>`,
  ];
  if (v.baseline)
    parts.push(
      `<line class="basetick" x1="${pct(v.baseline.value, max)}" x2="${pct(v.baseline.value, max)}" y1="3" y2="15"><title>${esc(`baseline ${formatValue(v.baseline.value, m.unit)}`)}</title></line>`,
    );
  if (limit !== undefined)
    parts.push(`<line class="limitmark" x1="${pct(limit, max)}" x2="${pct(limit, max)}" y1="0" y2="18"><title>${esc(`limit ${limitText(v)}`)}</title></line>`);
  samples.forEach((s, i) =>
    parts.push(`<circle class="sample" cx="${pct(s, max)}" cy="${i % 2 ? 22.5 : 25.5}" r="2.6"><title>${esc(`round ${i + 1}: ${formatValue(s, m.unit)}`)}</title></circle>`),
  );
  return `<svg class="bullet" height="${samples.length ? 30 : 18}" role="img" aria-label="${esc(`${measuredText(v)} against ${limitText(v) || 'no limit'}`)}">${parts.join('')}</svg>`;
}

/** One row per verdict of a check; verdicts without a measurement (error, skipped) show their message. */
export function budgetBars(verdicts: readonly Verdict[]): string {
  if (verdicts.length === 0) return '';
  const rows = verdicts.map((v) => {
    const o = verdictOutcome(v);
    const label = `<div class="blabel"><span class="pill o-${o}">${esc(outcomeLabel(v))}</span> <span class="metric">${esc(metricText(v))}</span> <span class="subject">${esc(v.subject)}</span></div>`;
    if (!v.measurement) return `<li class="brow">${label}<div class="bmsg">${esc(v.message)}</div></li>`;
    const values = `<div class="bvalue"><strong>${esc(measuredText(v))}</strong>${limitText(v) ? ` <span class="muted nw">limit ${esc(limitText(v))}</span>` : ''}${v.measurement.samples?.length ? ` <span class="muted nw">· ${v.measurement.samples.length} ${v.check === 'load' ? 'rounds' : 'runs'}</span>` : ''}</div>`;
    // Measured, but by a generator that could not keep up: said under the bar, in words, not as a plain skip.
    const bound = generatorBoundText(v);
    return `<li class="brow${bound ? ' bound' : ''}">${label}${values}${bar(v)}${bound ? `<div class="bmsg">${esc(bound)}</div>` : ''}</li>`;
  });
  const key = verdicts.some((v) => v.measurement)
    ? `<p class="key muted"><span class="keybar"></span> measured <span class="keylimit"></span> limit <span class="keybase"></span> baseline <span class="keydot"></span> one sample (a load round, a Lighthouse or EXPLAIN run)</p>`
    : '';
  return `<ul class="bullets">${rows.join('')}</ul>${key}`;
}
