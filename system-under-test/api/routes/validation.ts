import type { z } from 'zod';
import { badRequest } from '../errors.ts';

/** Parses with zod; the first issue becomes a 400 message. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badRequest(issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid request');
  }
  return result.data;
}
