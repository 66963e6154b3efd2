import type pg from 'pg';
import { z } from 'zod';
import { usageError } from '../../util/errors.ts';
import { formatZodIssue } from '../../util/format-zod-error.ts';
import { loadConfigFile } from '../../util/load-module.ts';
import { hasSeveralStatements, isEmptyStatement, paramsProblem } from './sql-text.ts';

/** Computes a query's parameters from the database under test (e.g. "the sender with the most payments"). */
export type ParamsFn = (db: pg.ClientBase) => Promise<unknown[]> | unknown[];

export const QuerySpec = z
  .object({
    /** Subject of the measurements: `query:<name>`. */
    name: z
      .string()
      .min(1)
      .regex(/^[\w.:/@-]+$/, 'use letters, digits and _ . : / @ - only'),
    description: z.string().optional(),
    /** One statement, exactly as the application runs it; perfgate adds EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON). */
    sql: z
      .string()
      .trim()
      .min(1, 'expected a SQL statement')
      // ";" or a comment alone passed the check above and failed only once PostgreSQL was asked.
      .refine((s) => s === '' || !isEmptyStatement(s), 'expected a SQL statement, found only ";", whitespace or comments')
      // PostgreSQL takes no NUL in a query's text, whatever its encoding.
      .refine((s) => !s.includes('\u0000'), 'contains a NUL character; expected SQL text')
      .refine((s) => !/^explain\b/i.test(s), 'write the statement itself; perfgate adds EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)')
      .transform((s) => s.replace(/[;\s]+$/, '')),
    /** $1, $2, ... : a list (YAML/JSON) or a function of the database (TypeScript), resolved once per run. */
    params: z
      .union([z.array(z.unknown()), z.custom<ParamsFn>((v) => typeof v === 'function', 'a function')], {
        error: 'expected a list of values or a function (db) => Promise<unknown[]>',
      })
      .optional(),
  })
  .strict();
export type QuerySpec = z.infer<typeof QuerySpec>;

export const QuerySet = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Measured EXPLAIN ANALYZE runs per query (after one unmeasured warm-up): each run is one sample. */
    runs: z.number().int().positive().max(1000).default(5),
    /** statement_timeout for every run, so one runaway query cannot hang the check. */
    statementTimeoutMs: z.number().int().positive().max(3_600_000).default(60_000),
    queries: z.array(QuerySpec).min(1, 'expected at least one query'),
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.queries.forEach((q, i) => {
      if (seen.has(q.name)) ctx.addIssue({ code: 'custom', path: ['queries', i, 'name'], message: `duplicate query name "${q.name}"` });
      seen.add(q.name);
    });
  });
export type QuerySet = z.infer<typeof QuerySet>;
export type QuerySetInput = z.input<typeof QuerySet>;

/** Identity helper for TypeScript query-set files: `export default defineQueries({ ... })`. */
export function defineQueries(set: QuerySetInput): QuerySetInput {
  return set;
}

/** Validates an already loaded value (a module's default export, parsed YAML) as a query set. */
export function parseQuerySet(raw: unknown, file: string): QuerySet {
  const parsed = QuerySet.safeParse(raw);
  if (!parsed.success) throw usageError('BAD_QUERIES', `query set file ${file}: ${formatZodIssue(parsed.error)}`);
  // Caught here, for a clear message. The check itself relies on PostgreSQL (the extended protocol refuses several
  // statements), which is also what protects callers that skip this loader.
  const several = parsed.data.queries.findIndex((q) => hasSeveralStatements(q.sql));
  if (several !== -1) throw usageError('BAD_QUERIES', `query set file ${file}: queries[${several}].sql: one statement expected (found ";" followed by more SQL)`);
  // Static params can be counted now; a function's are only known once it has run against the database.
  for (const [index, query] of parsed.data.queries.entries()) {
    const problem = Array.isArray(query.params) ? paramsProblem(query.sql, query.params.length) : undefined;
    if (problem) throw usageError('BAD_QUERIES', `query set file ${file}: queries[${index}].params: ${problem}`);
  }
  return parsed.data;
}

/** Loads a query-set file (TypeScript defineQueries, or YAML/JSON with static params) and validates it. */
export async function loadQuerySet(file: string): Promise<QuerySet> {
  return parseQuerySet(await loadConfigFile(file, 'query set'), file);
}
