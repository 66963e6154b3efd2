import { z } from 'zod';
import { FIRST_YEAR, LAST_YEAR, isRealDate } from '../calendar.ts';
import { badRequest } from '../errors.ts';

/** Where a value came from, named in the message when the failing field has no path of its own. */
export type Part = 'body' | 'query' | 'params' | 'headers';

/** Parses with zod; the first issue becomes a 400 whose message names the field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, part: Part = 'body'): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badRequest(issue ? `${issue.path.join('.') || part}: ${issue.message}` : 'invalid request');
  }
  return result.data;
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A user or payment id: a UUID, in any case on the way in and lower case from here on, the one form
 * PostgreSQL answers with, so ids compared in code (the sender against the recipient, a socket's owner
 * against an update's) are compared canonically. The shape is checked here: PostgreSQL's own parse of
 * '------------------------------------' is an error, not a miss.
 */
export const Id = z
  .string()
  .regex(UUID_SHAPE, 'must be a UUID (8-4-4-4-12 hexadecimal digits)')
  .transform((s) => s.toLowerCase());

// PostgreSQL's text refuses U+0000 (an error, not a 4xx, if it gets that far). Control characters are what these
// patterns are about, hence the lint exceptions.
// eslint-disable-next-line no-control-regex
const NO_NUL = /^[^\u0000]*$/;
// One-line values: no control characters at all.
// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

/** Free text stored as is (descriptions): at most `max` characters, no NUL. */
export const text = (max: number) => z.string().max(max, `must be at most ${max} characters`).regex(NO_NUL, 'must not contain NUL characters');

/** A one-line value (names, emails, keys): at most `max` characters, no control characters. */
export const line = (max: number) => z.string().max(max, `must be at most ${max} characters`).regex(NO_CONTROL, 'must not contain control characters');

/** A calendar date `YYYY-MM-DD` that exists, in FIRST_YEAR..LAST_YEAR. */
export const RealDate = z.string().refine(isRealDate, `must be a real date YYYY-MM-DD in the years ${FIRST_YEAR}-${LAST_YEAR}`);

/**
 * A whole number in a query string, written in plain decimal digits: '0x10', '1e1', ' 5' and '5.0' are not
 * numbers a client means, so they are refused rather than coerced.
 */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,16}$/, 'must be a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
