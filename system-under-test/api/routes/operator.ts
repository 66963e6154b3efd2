import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.ts';
import type { TokenService } from '../services/tokens.ts';
import { bearerToken } from './auth-hook.ts';

/** Shorter operator tokens are refused at start-up: this one guards maintenance work on the whole database. */
export const MIN_OPERATOR_TOKEN_LENGTH = 16;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * onRequest hook for operator actions (refreshing the analytics view): `Authorization: Bearer <operator token>`,
 * the token configured in PAYPASS_OPERATOR_TOKEN, compared in constant time (digests of equal length, so neither
 * the content nor the length of the token leaks through timing). A signed-in user is not an operator (403);
 * without the operator token configured, nobody is. Anything else is 401.
 */
export function requireOperator(operatorToken: string | undefined, tokens: TokenService) {
  if (operatorToken !== undefined && operatorToken.length < MIN_OPERATOR_TOKEN_LENGTH) {
    throw new Error(`PAYPASS_OPERATOR_TOKEN must be at least ${MIN_OPERATOR_TOKEN_LENGTH} characters`);
  }
  const expected = operatorToken === undefined ? undefined : digest(operatorToken);
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined && expected !== undefined && timingSafeEqual(digest(token), expected)) return;
    if (token !== undefined && tokens.verify(token)) throw new HttpError(403, 'forbidden', 'refreshing analytics is an operator action (PAYPASS_OPERATOR_TOKEN)');
    throw new HttpError(401, 'unauthorized', 'the operator token is required');
  };
}
