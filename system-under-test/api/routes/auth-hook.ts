import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.ts';
import type { TokenService } from '../services/tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    userId: string;
  }
}

/** onRequest hook for protected routes: a valid Bearer token or 401. */
export function requireAuth(tokens: TokenService) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const userId = token ? tokens.verify(token) : null;
    if (!userId) throw new HttpError(401, 'unauthorized', 'a valid Bearer token is required');
    request.userId = userId;
  };
}
