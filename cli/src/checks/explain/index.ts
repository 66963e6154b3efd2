import pg from 'pg';
import { z } from 'zod';
import { median } from '../../util/descriptive.ts';
import type { Measurement } from '../../model/index.ts';
import { firstLine, PerfgateError, runError, usageError } from '../../util/errors.ts';
import { defineCheck, type CheckContext, type CheckOutput, type SettingsSource } from '../check.ts';
import { EXPLAIN_METRICS } from './metrics.ts';
import { summarizePlan, type ExplainOutput, type PlanSummary } from './plan-shape.ts';
import { loadQuerySet, QuerySet, type QuerySpec } from './query-set.ts';
import { highestParameter } from './sql-text.ts';

export { defineQueries, loadQuerySet, parseQuerySet, QuerySet, type QuerySetInput, type QuerySpec, type ParamsFn } from './query-set.ts';
export { planShape, planHash, seqScans, seqScanRows, summarizePlan, type PlanSummary } from './plan-shape.ts';

const CONNECT_TIMEOUT_MS = 10_000;

export const ExplainSettings = z.object({
  /** The database the queries run against; default the target's (PayPass's own, or --database-url). */
  databaseUrl: z.string().min(1).optional(),
  /** A parsed query set (loadQuerySet). */
  querySet: QuerySet,
  /** Where the query set came from, for the report and every error message. */
  querySetFile: z.string().optional(),
  /** How long to wait for the database to answer a connection attempt. */
  connectTimeoutMs: z.number().positive().default(CONNECT_TIMEOUT_MS),
});
export type ExplainSettings = z.infer<typeof ExplainSettings>;

/** What one query's runs produced. */
interface QueryResult {
  query: QuerySpec;
  params: unknown[];
  runs: PlanSummary[];
}

const EXPLAIN = 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ';

/**
 * EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of each query of a query set, `runs` times after one warm-up.
 *
 * Measurements per `query:<name>`:
 * - `plan.execution_ms`, `plan.planning_ms`: median of the runs, every run in `samples` (timings are noisy; statistics decide).
 * - `plan.buffers.shared_hit`, `plan.buffers.shared_read`, `plan.rows`, `plan.cost`: no samples, on purpose. On the same
 *   data and statistics, with a warm cache, these are deterministic, so perfgate compares them exactly (DESIGN: "plan
 *   buffers/shape are exact"). The value is the median of the measured runs, which guards against a single odd run
 *   (e.g. a page evicted between runs); the warm-up run absorbs the cold reads.
 *   `plan.buffers.shared_total` (hit + read) stays the same when only the cache state differs between two runs.
 * - `plan` on every measurement (shape, hash, sequentially scanned relations): a verdict about any metric can say whether the plan changed.
 *
 * A query that cannot run (syntax error, missing table, wrong parameters, its params function throws) fails the whole
 * check, naming every such query: a query set is configuration, and a silently missing query would make its budgets
 * and baseline comparisons vanish without anyone noticing. All queries are checked with a plain EXPLAIN (no execution)
 * before anything is measured, so a broken query fails in milliseconds and all broken queries are named at once.
 */
export const explainCheck = defineCheck<ExplainSettings>({
  meta: {
    id: 'explain',
    title: 'Query plans (EXPLAIN ANALYZE)',
    settings: ExplainSettings,
    requires: ['database'],
    metrics: EXPLAIN_METRICS,
    engines: ['pg'],
    options: [
      { flags: '--queries <file>', description: 'explain: query set (.ts defineQueries, .yaml, .json; default for PayPass: scenarios/paypass.queries.ts)', config: z.string() },
    ],
    inputs: [{ option: 'queries', flag: '--queries FILE', what: 'the queries to EXPLAIN' }],
  },
  settings: explainSettings,
  async run(ctx: CheckContext<ExplainSettings>): Promise<CheckOutput> {
    const { querySet: set, querySetFile, connectTimeoutMs } = ctx.settings;
    const databaseUrl = ctx.settings.databaseUrl ?? ctx.target.databaseUrl;
    if (!databaseUrl) throw usageError('MISSING_INPUT', 'the explain check needs --database-url (the database to EXPLAIN the --queries in)');
    // Every error names the query set: in CI, that is the file to look at.
    const where = `explain: ${querySetFile ? `query set file ${querySetFile}` : `query set "${set.name}"`}`;
    let byQuery: QueryResult[] = [];
    let serverVersion: string | undefined;
    const output = (): CheckOutput => {
      const results = byQuery.filter((r) => r.runs.length > 0);
      return {
        measurements: results.flatMap(toMeasurements),
        ...(serverVersion ? { engines: { postgresql: serverVersion } } : {}),
        settings: {
          querySet: set.name,
          querySetFile,
          runs: set.runs,
          warmupRuns: 1,
          sessions: 'a fresh connection per round, queries interleaved, each measured run after an unmeasured one',
          queries: set.queries.length,
          queriesMeasured: results.length,
          explain: 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON), each run inside BEGIN ... ROLLBACK',
          plans: Object.fromEntries(results.map((r) => [r.query.name, r.runs[0].shape])),
        },
      };
    };
    if (ctx.signal.aborted) return output();

    // One connection per round: repetitions back to back in one session share its state (catalog caches, a cache
    // just flushed by a big scan, the CPU's frequency), so they are not independent samples of what the next run sees.
    const session = async (work: (client: pg.Client) => Promise<void>): Promise<boolean> => {
      const client = newClient(databaseUrl, where);
      // A connection lost mid-run also fails the statement in flight, which reports it; unheard, pg's 'error' event would crash the process.
      client.on('error', () => undefined);
      if (!(await connect(client, `${where}: database ${client.host}:${client.port}`, connectTimeoutMs, ctx.signal))) return false;
      const stopCancel = cancelOnAbort(client, databaseUrl, ctx.signal);
      try {
        await client.query(`SET statement_timeout = ${set.statementTimeoutMs}`);
        await work(client);
        return true;
      } finally {
        stopCancel();
        await client.end().catch(() => undefined);
      }
    };
    try {
      let prepared: { query: QuerySpec; params: unknown[] }[] = [];
      const ready = await session(async (client) => {
        // Plans and timings belong to a server version: a baseline from another one is not like for like.
        serverVersion = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
        prepared = await prepare(client, set.queries);
      });
      byQuery = prepared.map(({ query, params }): QueryResult => ({ query, params, runs: [] }));
      for (let round = 0; ready && round < set.runs && !ctx.signal.aborted; round++) {
        await session(async (client) => {
          // Queries interleaved, in an order that rotates by round so none always runs first in a session; each
          // measured run follows one unmeasured run of the same query (caches, catalog lookups, buffers).
          for (let i = 0; i < byQuery.length && !ctx.signal.aborted; i++) {
            const r = byQuery[(i + round) % byQuery.length]!;
            await explainOnce(client, r.query, r.params);
            if (!ctx.signal.aborted) r.runs.push(await explainOnce(client, r.query, r.params));
          }
        });
      }
      for (const r of byQuery.filter((x) => x.runs.length > 0)) ctx.log(describe(r));
    } catch (error) {
      // Aborted (the statement in flight was cancelled): keep what was measured, the engine marks the check aborted.
      if (ctx.signal.aborted) return output();
      // Connection errors already name the query set and the database; anything else gets the query set's name.
      throw error instanceof PerfgateError && error.message.startsWith(`${where}:`) ? error : runError(`${where}: ${firstLine(error)}`);
    }
    return output();
  },
});

/** The query set named by --queries, or PayPass's own catalog; a foreign target without one has nothing to EXPLAIN. */
async function explainSettings(source: SettingsSource): Promise<unknown> {
  const file = (source.options.queries as string | undefined) ?? (source.paypass ? source.packagePath('scenarios/paypass.queries.ts') : undefined);
  return file ? { querySet: await loadQuerySet(file), querySetFile: file } : {};
}

/**
 * Resolves every query's params once and checks that each statement plans (EXPLAIN without ANALYZE: nothing executes).
 * Throws one Error naming every query that fails, in query-set order.
 */
async function prepare(client: pg.Client, queries: QuerySpec[]): Promise<{ query: QuerySpec; params: unknown[] }[]> {
  const out: { query: QuerySpec; params: unknown[] }[] = [];
  const failures: string[] = [];
  for (const query of queries) {
    let params: unknown[];
    try {
      params = await resolveParams(client, query);
    } catch (error) {
      failures.push(`query "${query.name}": computing its params failed (${firstLine(error)})`);
      continue;
    }
    const wanted = highestParameter(query.sql);
    if (wanted !== params.length) {
      failures.push(`query "${query.name}": ${paramsMismatch(wanted, params.length)}`);
      continue;
    }
    try {
      await inRolledBackTransaction(client, () => oneStatement(client, `EXPLAIN (FORMAT JSON) ${query.sql}`, params));
      out.push({ query, params });
    } catch (error) {
      failures.push(`query "${query.name}": ${firstLine(error)}`);
    }
  }
  if (failures.length > 0) {
    const more = failures.length > 1 ? ` (${failures.length} queries failed)` : '';
    throw runError(`${failures.join('; ')}${more}`);
  }
  return out;
}

/**
 * Params functions get the check's own connection inside a READ ONLY transaction that is rolled back:
 * computing parameters may read anything but can never change the database under test.
 */
async function resolveParams(client: pg.Client, query: QuerySpec): Promise<unknown[]> {
  if (query.params === undefined) return [];
  if (Array.isArray(query.params)) return query.params;
  const fn = query.params;
  const params = await inRolledBackTransaction(client, () => Promise.resolve(fn(client)), 'BEGIN READ ONLY');
  if (!Array.isArray(params)) throw runError(`expected the params function to return an array, got ${typeof params}`);
  return params;
}

/**
 * One EXPLAIN ANALYZE run. ANALYZE really executes the statement, so every run sits in its own BEGIN ... ROLLBACK:
 * even an INSERT, UPDATE or DELETE in the query set changes nothing in the database (only sequences, which are not
 * transactional, may advance).
 */
async function explainOnce(client: pg.Client, query: QuerySpec, params: unknown[]): Promise<PlanSummary> {
  try {
    const result = await inRolledBackTransaction(client, () => oneStatement<{ 'QUERY PLAN': ExplainOutput[] }>(client, EXPLAIN + query.sql, params));
    // summarizePlan names a missing plan; no row must not become a TypeError.
    return summarizePlan(result.rows[0]?.['QUERY PLAN']);
  } catch (error) {
    throw runError(`query "${query.name}": ${firstLine(error)}`);
  }
}

/**
 * Runs the text over the extended protocol, always. With no params pg would use the simple protocol, which runs every
 * statement in the text: "SELECT 1; COMMIT; DELETE ..." committed our BEGIN and really deleted. The extended protocol
 * takes exactly one statement (PostgreSQL: "cannot insert multiple commands into a prepared statement").
 */
function oneStatement<R extends pg.QueryResultRow>(client: pg.Client, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  // queryMode is pg's (8.23 lib/query.js requiresPreparation), missing from @types/pg.
  const config: pg.QueryConfig & { queryMode: 'extended' } = { text, values, queryMode: 'extended' };
  return client.query<R>(config);
}

/**
 * Runs fn between BEGIN and ROLLBACK, and fails if the transaction ended on the way. PostgreSQL reports the session's
 * transaction state after every statement (ReadyForQuery: 'T' in a block, 'I' outside), so the check costs no round
 * trip. For a query's SQL it should never fire: the extended protocol allows one statement, and EXPLAIN wraps only
 * statements that cannot end a transaction. It catches a params function that commits on the connection it is given.
 */
async function inRolledBackTransaction<T>(client: pg.Client, fn: () => Promise<T>, begin = 'BEGIN'): Promise<T> {
  await client.query(begin);
  try {
    const result = await fn();
    if (client.getTransactionStatus() === 'I') throw runError('its transaction ended early (COMMIT or ROLLBACK), so what ran after that was not rolled back');
    return result;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

/** `expected 2 params ($1..$2 in the SQL), got 1`: said before PostgreSQL's "bind message supplies 1 parameters". */
function paramsMismatch(wanted: number, got: number): string {
  if (wanted === 0) return `expected no params (no $1 in the SQL), got ${got}`;
  const range = wanted === 1 ? '$1' : `$1..$${wanted}`;
  return `expected ${wanted} param${wanted === 1 ? '' : 's'} (${range} in the SQL), got ${got}`;
}

function newClient(databaseUrl: string, where: string): pg.Client {
  try {
    return new pg.Client({ connectionString: databaseUrl, application_name: 'perfgate-explain' });
  } catch (error) {
    throw usageError('BAD_SETTINGS', `${where}: settings.databaseUrl: not a valid PostgreSQL URL (${firstLine(error)})`);
  }
}

/**
 * Connects, giving up after timeoutMs without an answer, or at once on abort. pg alone waits forever on a host that
 * accepts TCP and never answers, and has no way to cancel a connect: destroying the socket fails it promptly.
 * Returns false when aborted.
 */
async function connect(client: pg.Client, label: string, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  let timedOut = false;
  const drop = () => client.connection.stream.destroy(new Error('connection attempt dropped'));
  const timer = setTimeout(() => {
    timedOut = true;
    drop();
  }, timeoutMs);
  signal.addEventListener('abort', drop, { once: true });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (signal.aborted) return false;
    if (timedOut) throw runError(`${label}: no answer within ${timeoutMs / 1000} s`);
    throw runError(`${label}: cannot connect (${firstLine(error)})`);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', drop);
  }
}

/** On abort, cancels the statement in flight (from a second connection), so a long query does not hold the run. */
function cancelOnAbort(client: pg.Client, databaseUrl: string, signal: AbortSignal): () => void {
  const onAbort = () => {
    const pid = (client as unknown as { processID?: number }).processID;
    if (!pid) return;
    const canceller = new pg.Client({ connectionString: databaseUrl, application_name: 'perfgate-explain-cancel', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    canceller
      .connect()
      .then(() => canceller.query('SELECT pg_cancel_backend($1)', [pid]))
      .catch(() => undefined)
      .finally(() => canceller.end().catch(() => undefined));
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

function toMeasurements(result: QueryResult): Measurement[] {
  const { runs } = result;
  const subject = `query:${result.query.name}`;
  const shape = runs[0].shape;
  // The plan of a query can differ between runs (rarely: e.g. statistics changing under autovacuum). `plan` describes
  // the first measured run; `shapes` lists every distinct shape when there was more than one.
  const shapes = [...new Set(runs.map((r) => r.shape))];
  const plan = { shape, hash: runs[0].hash, nodes: runs[0].nodes, seqScans: runs[0].seqScans, ...(shapes.length > 1 ? { shapes } : {}) };
  const measure = (metric: string, unit: 'ms' | 'count', values: number[], sampled: boolean): Measurement => ({
    check: 'explain',
    metric,
    subject,
    value: median(values),
    unit,
    ...(sampled ? { samples: values } : {}),
    plan,
  });
  return PLAN_METRICS.map((p) => measure(p.metric, p.unit, runs.map(p.of), p.sampled));
}

/** What each EXPLAIN run yields: timings are sampled (statistics decide), the rest exact on the same data. */
const PLAN_METRICS: { metric: string; unit: 'ms' | 'count'; sampled: boolean; of: (r: PlanSummary) => number }[] = [
  { metric: 'plan.execution_ms', unit: 'ms', sampled: true, of: (r) => r.executionMs },
  { metric: 'plan.planning_ms', unit: 'ms', sampled: true, of: (r) => r.planningMs },
  { metric: 'plan.buffers.shared_hit', unit: 'count', sampled: false, of: (r) => r.sharedHit },
  { metric: 'plan.buffers.shared_read', unit: 'count', sampled: false, of: (r) => r.sharedRead },
  // hit + read: the pages the plan touched, whatever the cache state (a cold cache moves pages from hit to read).
  { metric: 'plan.buffers.shared_total', unit: 'count', sampled: false, of: (r) => r.sharedHit + r.sharedRead },
  { metric: 'plan.rows', unit: 'count', sampled: false, of: (r) => r.rows },
  { metric: 'plan.seq_scan_rows', unit: 'count', sampled: false, of: (r) => r.seqScanRows },
  { metric: 'plan.cost', unit: 'count', sampled: false, of: (r) => r.cost },
];

function describe(result: QueryResult): string {
  const ms = median(result.runs.map((r) => r.executionMs));
  const hit = median(result.runs.map((r) => r.sharedHit));
  const read = median(result.runs.map((r) => r.sharedRead));
  const first = result.runs[0];
  const seq = first.seqScans.length > 0 ? `, seq scan on ${first.seqScans.join(', ')}` : '';
  return `query:${result.query.name}: ${ms.toFixed(3)} ms median of ${result.runs.length}, buffers hit ${hit} read ${read}, ${first.rows} rows, plan ${first.hash}${seq}`;
}
