import { describe, expect, it } from 'vitest';
import { gate } from './testing/gate.ts';
import { GroupCommit } from './group-commit.ts';

describe('group commit', () => {
  it('writes the items of one turn together, and those handed in while a write is in flight together next', async () => {
    const writes: number[][] = [];
    const held = gate();
    const commit = new GroupCommit<number>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await held.passed;
    }, 10);
    const first = [1, 2, 3].map((n) => commit.add(n));
    await new Promise((r) => setImmediate(r));
    const meanwhile = [4, 5].map((n) => commit.add(n));
    await new Promise((r) => setTimeout(r, 20));
    expect(writes).toEqual([[1, 2, 3]]); // 4 and 5 wait for the write in flight
    held.open();
    await Promise.all([...first, ...meanwhile]);
    expect(writes).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('carries at most maxItems per write, in order', async () => {
    const writes: number[][] = [];
    const commit = new GroupCommit<number>(async (items) => void writes.push(items), 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => commit.add(n)));
    expect(writes).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects the items of a failed write (thrown or rejected) with its error, and goes on writing the next', async () => {
    let calls = 0;
    const commit = new GroupCommit<string>((items) => {
      calls++;
      if (items.includes('throws')) throw new Error('thrown');
      if (items.includes('rejects')) return Promise.reject(new Error('rejected'));
      return Promise.resolve();
    }, 1);
    const results = await Promise.allSettled(['throws', 'rejects', 'fine'].map((i) => commit.add(i)));
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual(['thrown', 'rejected', 'ok']);
    expect(calls).toBe(3);
  });
});
