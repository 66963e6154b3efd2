// Words for the judge's structured comparison reasons: the one place a reason becomes a sentence.
import type { BaselineComparison } from '../cli/src/model/index.ts';
import { formatInterval, formatP } from './format.ts';
import { partsText } from './parts.ts';
import { planChangeText } from './plan-change.ts';

/** `95% interval [+9.8%, +16.5%] lies beyond the ±5.0% tolerance, p=0.001 < 0.05; plan changed: … → …`. */
export function describeReason(b: BaselineComparison): string {
  const r = b.reason;
  const tol = `±${((r.tolerance ?? b.tolerance) * 100).toFixed(1)}%`;
  const interval = r.interval ? `${Math.round((r.confidence ?? 0.95) * 100)}% interval ${formatInterval(r.interval)}` : 'the interval';
  const p = r.p === undefined ? 'p unknown' : formatP(r.p);
  const alpha = (r.alpha ?? 0.05).toFixed(2);
  let text: string;
  switch (r.code) {
    case 'too-few-rounds':
      text = `too few rounds: ${b.n?.[0] ?? '?'} baseline, ${b.n?.[1] ?? '?'} head (need ${r.need ?? '?'} each)`;
      break;
    case 'no-relative-change':
      text = 'relative change undefined (baseline median is 0)';
      break;
    case 'beyond-tolerance':
      text = `${interval} lies beyond the ${tol} tolerance, ${p} < ${alpha}`;
      break;
    case 'within-tolerance':
      text = `${interval} lies within ${tol}${r.significant ? ` (${p}: real but below tolerance)` : ''}`;
      break;
    case 'not-significant':
      text = `not significant (${p} >= ${alpha}) and ${interval} reaches beyond ${tol}`;
      break;
    case 'straddles-tolerance':
      text = `significant (${p}) but ${interval} straddles the ${tol} tolerance`;
      break;
    case 'exact':
      text = `exact values ${r.base ?? b.value} → ${r.head ?? b.headValue} (${r.beyond ? 'beyond' : 'within'} ${tol})`;
      break;
    case 'below-floor':
      text = `from 0, a change within the metric's noise floor (${r.floor})`;
      break;
    case 'beyond-floor':
      text = `from 0, a change beyond the metric's noise floor (${r.floor}), ${p} < ${alpha}`;
      break;
    case 'generator-bound':
      text = `generator-bound, not compared: ${r.text ?? 'the load generator was the bottleneck'}`;
      break;
    case 'recorded':
      text = r.text ?? '';
      break;
  }
  if (r.underpowered) {
    const [n1, n2] = b.n ?? ['?', '?'];
    text += `; ${n1} + ${n2} rounds cannot reach significance across ${r.underpowered.family} metrics (best possible p=${r.underpowered.bestPossibleP.toFixed(3)}): use --rounds 10 or more`;
  }
  if (b.noiseFloor && b.noiseFloor.relative >= b.tolerance - 1e-12 && b.noiseFloor.relative > 0) {
    text += `; the tolerance is the metric's noise floor (${b.noiseFloor.source === 'calibrated' ? 'calibrated on this machine' : 'conservative default; perfgate calibrate measures it'})`;
  }
  if (b.planChange) text += `; plan changed: ${planChangeText(b.planChange)}`;
  if (b.parts?.length && b.change !== 'same') text += `; changed most: ${partsText(b.parts)}`;
  return text;
}
