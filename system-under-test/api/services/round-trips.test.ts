import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';

/** db_queries_total by query name, from /metrics. */
async function queriesRun(f: AppFixture): Promise<Map<string, number>> {
  const text = (await f.app.inject({ method: 'GET', url: '/metrics' })).body;
  return new Map([...text.matchAll(/^db_queries_total\{query="([^"]+)"\} (\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

describe('round trips to PostgreSQL per payment', () => {
  let f: AppFixture;
  beforeAll(async () => void (f = await createAppFixture({ users: 4, payments: 10, seed: 81 }, undefined, { reconciler: false })));
  afterAll(() => f.close());

  it('a settled p2p payment (?sync=true) costs two statements, each on its own, no transaction around them', async () => {
    const token = await f.login(1);
    const recipientId = await f.userId(2);
    const pay = (key: string) =>
      f.app.inject({
        method: 'POST',
        url: '/payments?sync=true',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
        payload: { recipientId, amount: 150, currency: 'USD' },
      });
    expect((await pay('warm-up')).statusCode).toBe(201); // the signed-in user is known from here on
    let checkouts = 0;
    const count = () => void checkouts++;
    f.pool.on('acquire', count);
    const before = await queriesRun(f);
    expect((await pay('counted')).statusCode).toBe(201);
    const after = await queriesRun(f);
    f.pool.off('acquire', count);
    const ran = [...after].flatMap(([name, n]) => Array<string>(n - (before.get(name) ?? 0)).fill(name)).sort();
    // The fraud signal read on acceptance, settled straight from pending, answered from the settlement's own result.
    expect(ran).toEqual(['acceptPayment', 'settlePayment']);
    // One checkout per statement: no BEGIN/COMMIT round trips (a transaction holds one checkout for several).
    expect(checkouts).toBe(ran.length);
  });
});
