import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPayPass, type RunningPayPass } from './index.ts';

describe('startPayPass (embedded mode)', () => {
  let dir = '';
  let paypass: RunningPayPass | undefined;
  afterAll(async () => {
    await paypass?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts PostgreSQL, seeds, serves login and payments over HTTP, and stops', async () => {
    dir = await mkdtemp(join(tmpdir(), 'paypass-embedded-'));
    paypass = await startPayPass({ dataDir: join(dir, 'pg'), seed: { users: 25, payments: 200, seed: 5 } });
    expect(paypass.mode).toBe('embedded');
    expect(paypass.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(paypass.credentials.length).toBeGreaterThanOrEqual(20);

    expect((await fetch(`${paypass.url}/health`)).status).toBe(200);
    const login = await fetch(`${paypass.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(paypass.credentials[0]),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const page = (await (await fetch(`${paypass.url}/payments?limit=1`, { headers: auth })).json()) as { data: { recipientId: string }[] };
    const pay = await fetch(`${paypass.url}/payments?sync=true`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'e2e-1' },
      body: JSON.stringify({ recipientId: page.data[0].recipientId, amount: 100, currency: 'USD' }),
    });
    expect(pay.status).toBe(201);

    await paypass.stop();
    await paypass.stop(); // idempotent
    await expect(fetch(`${paypass.url}/health`)).rejects.toThrow();
    paypass = undefined;
  });
});
