import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { hashPassword } from '../api/services/passwords.ts';
import { withoutIndexesAndForeignKeys } from './bulk-load.ts';
import { createRng, intBetween, unit, uuidFrom, type Rng } from './prng.ts';

export interface GenerateOptions {
  users: number;
  payments: number;
  seed: number;
  log?: (line: string) => void;
}

export interface GenerateResult {
  skipped: boolean;
  users: number;
  payments: number;
  ledgerEntries: number;
  ms: number;
}

export const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
export const SEED_PASSWORD = 'paypass-seed-password';
export const seedEmail = (i: number): string => `user${i}@paypass.test`;
/** The first users are always active, so load scenarios can log in as them. */
export const ALWAYS_ACTIVE_USERS = 50;

export function seedCredentials(users: number, count = ALWAYS_ACTIVE_USERS): { email: string; password: string }[] {
  return Array.from({ length: Math.min(users, count) }, (_, i) => ({ email: seedEmail(i + 1), password: SEED_PASSWORD }));
}

// Fixed clock: the same seed must give byte-identical rows on every run.
const BASE_MS = Date.UTC(2025, 0, 1);
const SPAN_MS = 90 * 24 * 3600 * 1000;
const CURRENCY_WEIGHTS = [0.7, 0.9, 1]; // cumulative: USD 70 %, EUR 20 %, GBP 10 %
const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Eva', 'Femi', 'Gus', 'Hana', 'Ivan', 'Jade', 'Kai', 'Lena', 'Milo', 'Nora', 'Omar', 'Pia'];
const LAST = ['Smith', 'Garcia', 'Chen', 'Okafor', 'Muller', 'Rossi', 'Silva', 'Kowalski', 'Tanaka', 'Nguyen', 'Haddad', 'Larsen'];
const DESCRIPTIONS = ['Dinner', 'Rent share', 'Coffee', 'Groceries', 'Concert tickets', 'Taxi', 'Birthday gift', 'Utilities', 'Lunch', 'Books'];
const DATA_TABLES = 'ledger_entries, idempotency_keys, payments, accounts, users, seed_info';
const CHUNK_CHARS = 1 << 20;

/** The in-memory plan: everything decided before any row is written. */
interface Plan {
  userIds: string[];
  accountIds: string[]; // index: user * 3 + currency; house accounts at users * 3 + currency
  balances: number[];
  opening: number[];
  pay: { sender: Int32Array; recipient: Int32Array; amount: Float64Array; currency: Uint8Array; at: Float64Array; desc: Int16Array };
}

function plan(opts: GenerateOptions, rng: Rng, idRng: Rng): Plan {
  const U = opts.users;
  const P = opts.payments;
  const userIds = Array.from({ length: U + 1 }, () => uuidFrom(idRng)); // last one is the house (system) user
  const accountIds = Array.from({ length: (U + 1) * 3 }, () => uuidFrom(idRng));
  const balances = new Array<number>((U + 1) * 3).fill(0);
  const opening = new Array<number>(U * 3).fill(0);
  for (let a = 0; a < U * 3; a++) {
    const amount = a % 3 === 0 ? intBetween(rng, 50_000, 5_000_000) : intBetween(rng, 10_000, 1_000_000);
    opening[a] = amount;
    balances[a] = amount;
    balances[U * 3 + (a % 3)] -= amount; // the house account issues it
  }
  const pay = {
    sender: new Int32Array(P),
    recipient: new Int32Array(P),
    amount: new Float64Array(P),
    currency: new Uint8Array(P),
    at: new Float64Array(P),
    desc: new Int16Array(P),
  };
  const step = SPAN_MS / Math.max(P, 1);
  for (let i = 0; i < P; i++) {
    const r = unit(rng);
    const c = r < CURRENCY_WEIGHTS[0] ? 0 : r < CURRENCY_WEIGHTS[1] ? 1 : 2;
    const size = unit(rng);
    let amount = size < 0.7 ? intBetween(rng, 100, 5_000) : size < 0.95 ? intBetween(rng, 5_000, 50_000) : intBetween(rng, 50_000, 500_000);
    let sender = intBetween(rng, 0, U - 1);
    // Never overdraw: pick another sender until one has funds (balances are generous, this ends fast).
    for (let tries = 0; balances[sender * 3 + c] < 100; tries++) {
      sender = tries < 64 ? intBetween(rng, 0, U - 1) : (sender + 1) % U;
    }
    amount = Math.min(amount, balances[sender * 3 + c]);
    let recipient = intBetween(rng, 0, U - 2);
    if (recipient >= sender) recipient++;
    balances[sender * 3 + c] -= amount;
    balances[recipient * 3 + c] += amount;
    pay.sender[i] = sender;
    pay.recipient[i] = recipient;
    pay.amount[i] = amount;
    pay.currency[i] = c;
    pay.at[i] = BASE_MS + Math.floor(i * step + unit(rng) * step);
    pay.desc[i] = unit(rng) < 0.3 ? -1 : intBetween(rng, 0, DESCRIPTIONS.length - 1);
  }
  return { userIds, accountIds, balances, opening, pay };
}

async function copy(client: pg.PoolClient | pg.Client, sql: string, rows: () => Iterable<string>): Promise<void> {
  function* chunks(): Generator<string> {
    let buf = '';
    for (const line of rows()) {
      buf += line;
      if (buf.length >= CHUNK_CHARS) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

interface RowContext extends Plan {
  users: number;
  seed: number;
  seedHash: string;
  fundingIds: string[];
  paymentIds: string[];
}

const iso = (ms: number): string => new Date(ms).toISOString();
const FUNDED_AT = iso(BASE_MS - 86_400_000);

function* userRows(c: RowContext): Generator<string> {
  const rng = createRng(c.seed ^ 0x0a11ce);
  for (let u = 0; u < c.users; u++) {
    const name = `${FIRST[rng() % FIRST.length]} ${LAST[rng() % LAST.length]}`;
    const phone = `+1555${String(rng() % 10_000_000).padStart(7, '0')}`;
    const type = rng() % 10 === 0 ? 'business' : 'personal';
    const active = u < ALWAYS_ACTIVE_USERS || rng() % 50 !== 0 ? 't' : 'f';
    yield `${c.userIds[u]}\t${seedEmail(u + 1)}\t${c.seedHash}\t${name}\t${phone}\t${type}\t${active}\t${iso(BASE_MS - 86_400_000 + u)}\n`;
  }
  // The house user owns the issuing accounts; it cannot log in ('!' is no valid hash).
  yield `${c.userIds[c.users]}\thouse@paypass.internal\t!\tPayPass House\t\\N\tsystem\tf\t${iso(BASE_MS - 2 * 86_400_000)}\n`;
}

function* accountRows(c: RowContext): Generator<string> {
  for (let a = 0; a < (c.users + 1) * 3; a++) {
    const u = Math.floor(a / 3);
    yield `${c.accountIds[a]}\t${c.userIds[u]}\t${CURRENCIES[a % 3]}\t${u === c.users ? 'house' : 'user'}\t${c.balances[a]}\t${FUNDED_AT}\n`;
  }
}

function* paymentRows(c: RowContext): Generator<string> {
  const house = c.userIds[c.users];
  for (let a = 0; a < c.users * 3; a++) {
    yield `${c.fundingIds[a]}\t${house}\t${c.userIds[Math.floor(a / 3)]}\t${c.opening[a]}\t${CURRENCIES[a % 3]}\tfunding\tcompleted\tOpening balance\t${FUNDED_AT}\t${FUNDED_AT}\n`;
  }
  const { sender, recipient, amount, currency, at, desc } = c.pay;
  for (let i = 0; i < c.paymentIds.length; i++) {
    const t = iso(at[i]);
    const d = desc[i] < 0 ? '\\N' : DESCRIPTIONS[desc[i]];
    yield `${c.paymentIds[i]}\t${c.userIds[sender[i]]}\t${c.userIds[recipient[i]]}\t${amount[i]}\t${CURRENCIES[currency[i]]}\tp2p\tcompleted\t${d}\t${t}\t${t}\n`;
  }
}

function* ledgerRows(c: RowContext): Generator<string> {
  for (let a = 0; a < c.users * 3; a++) {
    yield `${c.fundingIds[a]}\t${c.accountIds[c.users * 3 + (a % 3)]}\t${-c.opening[a]}\t${FUNDED_AT}\n`;
    yield `${c.fundingIds[a]}\t${c.accountIds[a]}\t${c.opening[a]}\t${FUNDED_AT}\n`;
  }
  const { sender, recipient, amount, currency, at } = c.pay;
  for (let i = 0; i < c.paymentIds.length; i++) {
    const t = iso(at[i]);
    const cur = currency[i];
    yield `${c.paymentIds[i]}\t${c.accountIds[sender[i] * 3 + cur]}\t${-amount[i]}\t${t}\n`;
    yield `${c.paymentIds[i]}\t${c.accountIds[recipient[i] * 3 + cur]}\t${amount[i]}\t${t}\n`;
  }
}

/** Fills an empty (or previously seeded) PayPass database with deterministic data, bulk-loaded with COPY. */
export async function generate(connectionString: string, opts: GenerateOptions): Promise<GenerateResult> {
  if (!Number.isInteger(opts.users) || opts.users < 2) throw new Error('users must be an integer >= 2');
  if (!Number.isInteger(opts.payments) || opts.payments < 0) throw new Error('payments must be an integer >= 0');
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const rng = createRng(opts.seed);
  const idRng = createRng(opts.seed ^ 0x5eed5eed);
  const U = opts.users;
  const p = plan(opts, rng, idRng);
  // Hashed once per run and shared by every seeded user: scrypt is deliberately slow (~50 ms),
  // hashing per user would make a 100k-user seed take minutes. The salt comes from the seed so rows stay deterministic.
  const salt = Buffer.alloc(16);
  for (let i = 0; i < 4; i++) salt.writeUInt32BE(rng(), i * 4);
  const seedHash = await hashPassword(SEED_PASSWORD, salt);
  const fundingIds = Array.from({ length: U * 3 }, () => uuidFrom(idRng));
  const paymentIds = Array.from({ length: opts.payments }, () => uuidFrom(idRng));
  const ctx: RowContext = { ...p, users: U, seed: opts.seed, seedHash, fundingIds, paymentIds };
  log(`generator: planned ${U} users, ${opts.payments} payments in ${Date.now() - started} ms`);

  const client = new pg.Client({ connectionString, application_name: 'paypass-generate' });
  await client.connect();
  try {
    await client.query('BEGIN');
    // TRUNCATE in the same transaction lets COPY ... FREEZE skip later visibility work.
    await client.query(`TRUNCATE ${DATA_TABLES}`);
    await withoutIndexesAndForeignKeys(client, ['payments', 'ledger_entries'], async () => {
      await copy(client, 'COPY users (id, email, password_hash, display_name, phone_number, user_type, is_active, created_at) FROM STDIN WITH (FREEZE)', () => userRows(ctx));
      log(`generator: users copied (${Date.now() - started} ms)`);
      await copy(client, 'COPY accounts (id, user_id, currency, kind, balance, created_at) FROM STDIN WITH (FREEZE)', () => accountRows(ctx));
      log(`generator: accounts copied (${Date.now() - started} ms)`);
      await copy(client, 'COPY payments (id, sender_id, recipient_id, amount, currency, payment_type, status, description, created_at, updated_at) FROM STDIN WITH (FREEZE)', () =>
        paymentRows(ctx),
      );
      log(`generator: payments copied (${Date.now() - started} ms)`);
      await copy(client, 'COPY ledger_entries (payment_id, account_id, amount, created_at) FROM STDIN WITH (FREEZE)', () => ledgerRows(ctx));
      log(`generator: ledger entries copied (${Date.now() - started} ms)`);
    });
    log(`generator: indexes and foreign keys rebuilt (${Date.now() - started} ms)`);
    await client.query('INSERT INTO seed_info (id, users, payments, seed) VALUES (1, $1, $2, $3)', [U, opts.payments, opts.seed]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  try {
    await client.query('REFRESH MATERIALIZED VIEW payment_analytics_daily');
    // ANALYZE samples 300 rows per unit of statistics target, at random: on tables larger than the sample, two seedings
    // of the same data got different statistics, and borderline plans flipped between runs. A target whose sample
    // covers every row makes the statistics (and the plans) a function of the data alone.
    await client.query(`SET default_statistics_target = ${statisticsTarget(2 * (opts.payments + U * 3))}`);
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  const ms = Date.now() - started;
  log(`generator: done in ${ms} ms`);
  const funding = U * 3;
  return { skipped: false, users: U, payments: opts.payments + funding, ledgerEntries: 2 * (opts.payments + funding), ms };
}

/**
 * Generates unless the database holds exactly the data of these parameters, untouched (fast warm start). Data a
 * previous run changed through the API (its payments carry idempotency keys, the generator's never do) is seeded
 * again: every run starts from the same state, or runs measured a day apart are not like for like.
 */
export async function ensureSeeded(connectionString: string, opts: GenerateOptions): Promise<GenerateResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ users: number; payments: number; seed: number; touched: boolean }>(
      // Every payment made through the API carries its idempotency key (the unique index's partial range).
      'SELECT users, payments, seed, EXISTS (SELECT 1 FROM payments WHERE idempotency_key IS NOT NULL) AS touched FROM seed_info WHERE id = 1',
    );
    const current = rows[0];
    if (current && current.users === opts.users && current.payments === opts.payments && current.seed === opts.seed) {
      if (!current.touched) {
        opts.log?.(`generator: already seeded (users=${opts.users} payments=${opts.payments} seed=${opts.seed}), skipping`);
        return { skipped: true, users: opts.users, payments: opts.payments, ledgerEntries: 0, ms: 0 };
      }
      opts.log?.('generator: payments were made since the data was seeded; seeding again so this run starts where every run starts');
    }
  } finally {
    await client.end();
  }
  return generate(connectionString, opts);
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: { users: { type: 'string', default: '200' }, payments: { type: 'string', default: '5000' }, seed: { type: 'string', default: '42' } },
  });
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const { migrate } = await import('../api/db/migrate.ts');
  await migrate(url);
  const result = await generate(url, {
    users: Number(values.users),
    payments: Number(values.payments),
    seed: Number(values.seed),
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(result));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  cli().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}

/** The statistics target whose ANALYZE sample (300 rows per unit) reads every row of the largest table, within PostgreSQL's limits. */
export function statisticsTarget(largestTableRows: number): number {
  return Math.min(10_000, Math.max(100, Math.ceil(largestTableRows / 300)));
}
