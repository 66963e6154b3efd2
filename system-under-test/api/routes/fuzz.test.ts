import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PASSWORD, seedEmail } from '../../db/generate.ts';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';
import { TokenService } from '../services/tokens.ts';
import { loginSpec, prepareLogin, prepareRaw, prepareRegister, prepareToken, rawSpec, registerSpec, tokenSpec } from './fuzz/accounts.ts';
import type { FuzzContext, Prepared } from './fuzz/fuzz-case.ts';
import { Histogram, LedgerModel } from './fuzz/model.ts';
import { paymentSpec, preparePayment } from './fuzz/payments.ts';
import { socketSpec, trySocket } from './fuzz/sockets.ts';
import { analyticsSpec, listSpec, paramSpec, prepareAnalytics, prepareList, prepareParam, prepareRefresh, refreshSpec } from './fuzz/reads.ts';

/**
 * Property-based fuzzing of the whole API through the real app on a real database: generated requests, hostile
 * and valid, each answered as an oracle written apart from the code expects (a 4xx naming what is wrong, or the
 * 2xx a valid request earns), never a 5xx or a hang; and no money moves but by the valid payments, checked
 * account by account and currency by currency. FUZZ_SEED replays a run (fast-check prints the seed of a failure).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const HISTOGRAM = new URL('../../../.perfgate/fuzz-histogram.json', import.meta.url);
/** Longer than any answer may take (a synchronous payment waits for the queue up to 10 s): past it, a hang. */
const HANG_MS = 15_000;

describe('fuzzing every route with generated requests', () => {
  let f: AppFixture;
  let ctx: FuzzContext;
  const histogram = new Histogram();

  beforeAll(async () => {
    const tokens = new TokenService('fuzz-test-secret');
    const operator = 'fuzz-test-operator-token';
    f = await createAppFixture({ users: 6, payments: 300, seed: 2026 }, undefined, { tokens, operatorToken: operator });
    const users = [];
    for (let n = 1; n <= 6; n++) users.push({ id: await f.userId(n), token: await f.login(n), email: seedEmail(n) });
    const payments = (await f.pool.query<{ id: string; sender_id: string; recipient_id: string }>('SELECT id, sender_id, recipient_id FROM payments')).rows;
    ctx = {
      users,
      password: SEED_PASSWORD,
      tokens,
      operator,
      payments: payments.map((p) => ({ id: p.id, senderId: p.sender_id, recipientId: p.recipient_id })),
      cursors: [],
      model: await LedgerModel.load(
        f.pool,
        users.map((u) => u.id),
      ),
      serial: { next: 1 },
    };
  });

  afterAll(async () => {
    mkdirSync(new URL('.', HISTOGRAM), { recursive: true });
    writeFileSync(HISTOGRAM, `${JSON.stringify({ seed: SEED, requests: histogram.total, statuses: histogram.all, byFamily: histogram.byFamily }, null, 2)}\n`);
    await f?.close();
  });

  /** Sends one prepared request and holds its answer to the oracle. */
  async function send(family: string, prepared: Prepared): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${HANG_MS} ms`)), HANG_MS)));
    const res = await Promise.race([f.app.inject(prepared.request), hang]).finally(() => clearTimeout(timer));
    histogram.count(family, res.statusCode);
    const said = `${prepared.request.method} ${prepared.request.url} → ${res.statusCode} ${res.body.slice(0, 300)}; expected ${prepared.allowed.join(' or ')} (${prepared.why})`;
    if (!prepared.allowed.includes(res.statusCode)) throw new Error(said);
    if (res.statusCode >= 400) {
      const body = res.json() as { error?: unknown; message?: unknown };
      if (typeof body.error !== 'string' || typeof body.message !== 'string' || body.message.length === 0) throw new Error(`an error without { error, message }: ${said}`);
    }
    prepared.after?.(res);
  }

  const fuzz = async <S>(family: string, arbitrary: (ctx: FuzzContext) => fc.Arbitrary<S>, prepare: (spec: S, ctx: FuzzContext) => Prepared, numRuns: number) => {
    await fc.assert(
      fc.asyncProperty(arbitrary(ctx), (spec) => send(family, prepare(spec, ctx))),
      { numRuns, seed: SEED, endOnFailure: true },
    );
  };

  it('answers generated payments by the oracle, and moves money only for the valid ones', async () => {
    await fuzz('POST /payments', paymentSpec, preparePayment, 4_500);
    expect(await ctx.model.differences(f.pool)).toEqual([]);
    // The run is no run of rejections only: valid payments went through (and were checked against the model).
    expect(ctx.model.moved).toBeGreaterThan(500);
  }, 600_000);

  it('answers generated reads (lists, cursors, limits, ids in params, analytics ranges) by the oracle', async () => {
    await fuzz('GET /payments', listSpec, prepareList, 1_800);
    await fuzz('GET by id', paramSpec, prepareParam, 1_400);
    await fuzz('GET /analytics/daily', analyticsSpec, prepareAnalytics, 900);
  }, 600_000);

  it('answers generated tokens, credentials and raw bodies by the oracle', async () => {
    await fuzz('GET balances', tokenSpec, prepareToken, 1_200);
    await fuzz('raw bodies', () => rawSpec(), prepareRaw, 500);
    await fuzz('POST /analytics/refresh', refreshSpec, prepareRefresh, 60);
    // Each of these costs a password hash (scrypt): fewer of them.
    await fuzz('POST /auth/login', loginSpec, prepareLogin, 120);
    await fuzz('POST /auth/register', registerSpec, prepareRegister, 120);
  }, 600_000);

  it('opens a socket only for an exact token, and tells it only its user’s own', async () => {
    await f.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `ws://127.0.0.1:${(f.app.server.address() as { port: number }).port}/ws`;
    await fc.assert(
      fc.asyncProperty(socketSpec(ctx), async (spec) => {
        const { outcome, expected, why } = await trySocket(spec, ctx, base);
        histogram.countOutcome('GET /ws', outcome);
        if (outcome !== expected) throw new Error(`socket: ${outcome}, expected ${expected} (${why})`);
      }),
      { numRuns: 200, seed: SEED, endOnFailure: true },
    );
  }, 600_000);

  it('sent at least 10,000 requests, none answered 5xx, and left the ledger as the valid payments made it', async () => {
    expect(histogram.total).toBeGreaterThanOrEqual(10_000);
    expect(Object.keys(histogram.all).filter((s) => Number(s) >= 500)).toEqual([]);
    expect(await ctx.model.differences(f.pool)).toEqual([]);
  });
});
