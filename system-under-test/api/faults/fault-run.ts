import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startPayPass, type PayPassOptions, type RunningPayPass } from '../../index.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';

interface Sent {
  at: number;
  /** 0: no answer in time. */
  status: number;
  error?: string;
  paymentId?: string;
}

export interface FaultOutcome {
  fault: string;
  /** Payments answered 202: the API took them, so each must end completed or failed. */
  accepted: number;
  completed: number;
  failed: number;
  /** Answers other than 202 (503 with Retry-After while a dependency was down, or no answer in time). */
  refused: Record<string, number>;
  /** From the end of the fault to the first 202 after which no payment was refused again; 0 if none ever was. */
  recoveryMs: number;
  /** From the end of the fault until every accepted payment was completed or failed. */
  settledMs: number;
  /** Accepted payments that took longer than the reconciler's staleness bound to finish: the reconciler finished them. */
  reconciled: number;
  /** /health answers while the fault lasted. */
  healthDuringFault: Record<string, number>;
}

export interface FaultRunOptions extends Partial<PayPassOptions> {
  /** Payments sent per second while the run lasts. */
  rate?: number;
  seed?: { users: number; payments: number; seed: number };
  /** Also cross-border payments (USD → EUR), every other one. */
  crossBorder?: boolean;
}

/** Quicker than the default (5 s, 30 s), so a test need not wait half a minute for stranded payments. */
const RECONCILER = { intervalMs: 1_000, staleAfterMs: 10_000, batch: 100 };

/** How long every accepted payment may take, after a fault ends, to be completed or failed. */
export const SETTLE_BOUND_MS = 60_000;

/**
 * PayPass in services mode on a database of its own, with payments flowing from seeded users while a fault is
 * injected, and what the invariants need afterwards: every accepted payment final within SETTLE_BOUND_MS,
 * balances per currency unchanged, every account's balance equal to its ledger (nothing applied twice).
 */
export class FaultRun {
  readonly sent: Sent[] = [];
  readonly health: { at: number; status: number }[] = [];
  private tokens: { id: string; token: string }[] = [];
  private traffic?: Promise<void>;
  private healthLoop?: Promise<void>;
  private running = false;
  private balancesBefore: Record<string, string> = {};

  private constructor(
    readonly paypass: RunningPayPass,
    readonly database: TestDatabase,
    readonly admin: pg.Pool,
    private readonly options: FaultRunOptions,
  ) {}

  static async start(options: FaultRunOptions): Promise<FaultRun> {
    const database = await createTestDatabase('paypass_fault');
    const admin = new pg.Pool({ connectionString: database.url, max: 2, application_name: 'fault-test' });
    admin.on('error', () => undefined);
    const paypass = await startPayPass({
      databaseUrl: database.url,
      redisPrefix: `paypass-fault-${randomUUID()}:`,
      seed: options.seed ?? { users: 12, payments: 100, seed: 71 },
      reconciler: RECONCILER,
      ...options,
    });
    const run = new FaultRun(paypass, database, admin, options);
    await run.signIn();
    run.balancesBefore = await run.balanceSums();
    return run;
  }

  private async signIn(): Promise<void> {
    for (const credentials of this.paypass.credentials) {
      const res = await fetch(`${this.paypass.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
      if (res.status !== 200) throw new Error(`login ${credentials.email}: ${res.status}`);
      const { token } = (await res.json()) as { token: string };
      const { rows } = await this.admin.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [credentials.email]);
      this.tokens.push({ id: rows[0]!.id, token });
    }
  }

  /** Starts sending payments (and polling /health every 200 ms) until stop(). */
  flow(): void {
    this.running = true;
    const rate = this.options.rate ?? 40;
    this.traffic = (async () => {
      const inFlight = new Set<Promise<void>>();
      for (let i = 0; this.running; i++) {
        const p = this.pay(i).finally(() => inFlight.delete(p));
        inFlight.add(p);
        await new Promise((r) => setTimeout(r, 1000 / rate));
      }
      await Promise.all(inFlight);
    })();
    this.healthLoop = (async () => {
      while (this.running) {
        const status = await fetch(`${this.paypass.url}/health`, { signal: AbortSignal.timeout(5_000) }).then(
          (r) => r.status,
          () => 0,
        );
        this.health.push({ at: Date.now(), status });
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
  }

  private async pay(i: number): Promise<void> {
    const sender = this.tokens[i % this.tokens.length]!;
    const recipient = this.tokens[(i * 7 + 1) % this.tokens.length]!;
    if (recipient.id === sender.id) return;
    const crossBorder = this.options.crossBorder && i % 2 === 1;
    const body = { recipientId: recipient.id, amount: 100 + (i % 900), currency: 'USD', ...(crossBorder ? { targetCurrency: 'EUR' } : {}) };
    const at = Date.now();
    const res = await fetch(`${this.paypass.url}/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sender.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    }).catch(() => undefined);
    if (!res) return void this.sent.push({ at, status: 0 });
    const answer = (await res.json().catch(() => ({}))) as { id?: string; error?: string };
    // A refusal that does not say when to come back is a finding of its own.
    const error = (res.status === 503 || res.status === 429) && !res.headers.get('retry-after') ? `${answer.error} without Retry-After` : answer.error;
    this.sent.push({ at, status: res.status, error, paymentId: res.status === 202 ? answer.id : undefined });
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.traffic;
    await this.healthLoop;
  }

  /** Waits until every accepted payment is completed or failed (or the bound passes), then measures the fault. */
  async outcome(fault: string, faultStart: number, faultEnd: number): Promise<FaultOutcome> {
    await this.stop();
    const ids = this.sent.flatMap((s) => (s.paymentId ? [s.paymentId] : []));
    let statuses: { status: string; n: number }[] = [];
    for (;;) {
      ({ rows: statuses } = await this.admin.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM payments WHERE id = ANY($1::uuid[]) GROUP BY status', [
        ids,
      ]));
      if (statuses.every((s) => s.status === 'completed' || s.status === 'failed') || Date.now() - faultEnd > SETTLE_BOUND_MS) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const settledMs = Date.now() - faultEnd;
    const { rows: late } = await this.admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM payments WHERE id = ANY($1::uuid[]) AND updated_at - created_at > make_interval(secs => $2)',
      [ids, RECONCILER.staleAfterMs / 1000],
    );
    const count = (status: string) => statuses.find((s) => s.status === status)?.n ?? 0;
    const refused: Record<string, number> = {};
    for (const s of this.sent) {
      if (s.status === 202) continue;
      const name = s.status === 0 ? 'no answer' : `${s.status} ${s.error ?? ''}`.trim();
      refused[name] = (refused[name] ?? 0) + 1;
    }
    const lastRefused = Math.max(0, ...this.sent.filter((s) => s.status !== 202 && s.at >= faultStart).map((s) => s.at));
    const firstGoodAfter = this.sent.filter((s) => s.status === 202 && s.at > Math.max(lastRefused, faultStart)).map((s) => s.at);
    const recoveryMs = lastRefused === 0 ? 0 : Math.max(0, Math.min(...firstGoodAfter) - faultEnd);
    const healthDuringFault: Record<string, number> = {};
    for (const h of this.health) if (h.at >= faultStart && h.at <= faultEnd) healthDuringFault[h.status] = (healthDuringFault[h.status] ?? 0) + 1;
    return { fault, accepted: ids.length, completed: count('completed'), failed: count('failed'), refused, recoveryMs, settledMs, reconciled: late[0]!.n, healthDuringFault };
  }

  async balanceSums(): Promise<Record<string, string>> {
    const { rows } = await this.admin.query<{ currency: string; total: string }>('SELECT currency, sum(balance)::text AS total FROM accounts GROUP BY currency ORDER BY currency');
    return Object.fromEntries(rows.map((r) => [r.currency, r.total]));
  }

  /** Balances per currency as before the run; every account's balance equal to the sum of its ledger entries. */
  async ledgerChecks(): Promise<{
    sumsBefore: Record<string, string>;
    sumsAfter: Record<string, string>;
    accountsOffLedger: number;
    unbalancedPayments: number;
    appliedTwice: number;
  }> {
    const { rows } = await this.admin.query<{ off: number; unbalanced: number; twice: number }>(`
      SELECT
        (SELECT count(*)::int FROM accounts a WHERE a.balance <> COALESCE((SELECT sum(amount) FROM ledger_entries l WHERE l.account_id = a.id), 0)) AS off,
        (SELECT count(*)::int FROM (SELECT payment_id FROM ledger_entries GROUP BY payment_id HAVING sum(amount) <> 0) u) AS unbalanced,
        (SELECT count(*)::int FROM payments p WHERE (SELECT count(*) FROM ledger_entries l WHERE l.payment_id = p.id)
           > CASE WHEN p.payment_type = 'cross_border' THEN 4 ELSE 2 END
           OR (p.status <> 'completed' AND EXISTS (SELECT FROM ledger_entries l WHERE l.payment_id = p.id))) AS twice`);
    return {
      sumsBefore: this.balancesBefore,
      sumsAfter: await this.balanceSums(),
      accountsOffLedger: rows[0]!.off,
      unbalancedPayments: rows[0]!.unbalanced,
      appliedTwice: rows[0]!.twice,
    };
  }

  /** A payment still answered: the API works without a restart. */
  async payOnce(): Promise<number> {
    const [sender, recipient] = this.tokens;
    const res = await fetch(`${this.paypass.url}/payments?sync=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sender!.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ recipientId: recipient!.id, amount: 123, currency: 'USD' }),
    });
    return res.status;
  }

  async close(): Promise<void> {
    this.running = false;
    await this.traffic?.catch(() => undefined);
    await this.healthLoop;
    await this.paypass.stop();
    await this.admin.end();
    await this.database.drop();
  }
}

/** Prints a fault's outcome as one table row (the figures the fault table reports). */
export function report(outcome: FaultOutcome): void {
  const refused = Object.entries(outcome.refused)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const health = Object.entries(outcome.healthDuringFault)
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');
  process.stdout.write(
    `FAULT | ${outcome.fault} | accepted ${outcome.accepted} | completed ${outcome.completed} | failed ${outcome.failed} | refused ${refused || 'none'} | recovery ${outcome.recoveryMs} ms | all final ${outcome.settledMs} ms after | reconciled ${outcome.reconciled} | /health during fault ${health}\n`,
  );
}
