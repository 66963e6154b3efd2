// How quiet the machine was: CPU time spent by processes other than this bench and its (waited-for) children.
import { readFileSync } from 'node:fs';

/** Clock ticks (USER_HZ): machine busy and total time, and this process's own plus its waited-for children's. */
export interface Ticks {
  busy: number;
  total: number;
  own: number;
}

export function readTicks(): Ticks {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((sum, n) => sum + n, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  // Fields after the command's closing parenthesis: utime, stime, cutime, cstime are the 12th to 15th of them.
  const self = readFileSync('/proc/self/stat', 'utf8');
  const fields = self.slice(self.lastIndexOf(')') + 2).split(' ');
  const own = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  return { busy: total - idle, total, own };
}

/** Share of the machine's CPU time (all cores) that other processes used between two readings. */
export function otherShare(before: Ticks, after: Ticks): number {
  const total = after.total - before.total;
  const other = after.busy - before.busy - (after.own - before.own);
  return total > 0 ? Math.max(0, other) / total : 0;
}
