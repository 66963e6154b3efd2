import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../errors.ts';
import type { ActiveUsers } from '../services/active-users.ts';
import type { TokenService } from '../services/tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    userId: string;
  }
}

// Exactly `Bearer <token>`: one space, nothing around the token; the token's own form is the token service's to check.
const AuthorizationHeader = z
  .string()
  .regex(/^Bearer \S+$/)
  .transform((h) => h.slice('Bearer '.length));

/** The token of an `Authorization: Bearer …` header, or undefined when there is none in that exact form. */
export function bearerToken(header: string | undefined): string | undefined {
  const parsed = AuthorizationHeader.safeParse(header);
  return parsed.success ? parsed.data : undefined;
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
