// A changed query plan in words: both plans, then the nodes that changed.
import type { PlanChange } from '../cli/src/model/index.ts';

/** `Limit>Index Scan idx on users → Limit>Seq Scan on users (−Index Scan idx on users, +Seq Scan on users)`. */
export function planChangeText(change: PlanChange): string {
  const nodes = [...(change.removed ?? []).map((n) => `−${n}`), ...(change.added ?? []).map((n) => `+${n}`)];
  return `${change.before} → ${change.after}${nodes.length ? ` (${nodes.join(', ')})` : ''}`;
}
