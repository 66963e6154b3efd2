import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.ts';
import type { ActiveUsers } from '../services/active-users.ts';
import type { TokenService } from '../services/tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    userId: string;
  }
}

// Exactly `Bearer <token>`: one space, no padding around the token; the token's own form is the token service's to check.
const BEARER = /^Bearer ([^\s]+)$/;

/** The token of an `Authorization: Bearer …` header, or undefined when there is none in that exact form. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

const unauthorized = () => new HttpError(401, 'unauthorized', 'a valid Bearer token is required');

/**
 * onRequest hook for protected routes: a valid Bearer token of a user who exists and is active, or 401.
 * A validly signed token can outlive its user (a database seeded anew under the same PAYPASS_TOKEN_SECRET):
 * its holder must sign in again, not reach queries that assume the user is there.
 */
export function requireAuth(tokens: TokenService, users: ActiveUsers) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    const userId = token ? tokens.verify(token) : null;
    if (!userId || !(await users.isActive(userId))) throw unauthorized();
    request.userId = userId;
  };
}
