// What made a measurement change: its parts that changed most (a chunk's source modules), each with its delta.
import type { BaselineComparison, Unit } from '../cli/src/model/index.ts';
import { formatValue } from './format.ts';

/** `+24.1 KiB lodash/lodash.js (new), −312 B src/pages/Extra.tsx`. */
export function partsText(parts: NonNullable<BaselineComparison['parts']>, unit: Unit = 'bytes', limit = 5): string {
  const shown = parts.slice(0, limit).map((p) => {
    const delta = p.head - p.base;
    const note = p.base === 0 ? ' (new)' : p.head === 0 ? ' (gone)' : '';
    return `${delta >= 0 ? '+' : '−'}${formatValue(Math.abs(delta), unit)} ${p.part}${note}`;
  });
  return shown.join(', ') + (parts.length > limit ? `, and ${parts.length - limit} more` : '');
}
