import { randomBytes } from 'node:crypto';

/** Sortable, filesystem-safe: 20261125-031502-a1b2c3. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
