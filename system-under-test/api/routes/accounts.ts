import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { z } from 'zod';
import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';
import { HttpError } from '../errors.ts';
import { toMinorUnits } from '../money.ts';
import { Id, parse } from './validation.ts';

const UserParams = z.object({ id: Id });

/** Balances are private: a user reads only their own (403 for anyone else's). */
export function accountRoutes(app: FastifyInstance, db: Db, auth: onRequestHookHandler): void {
  const balances = async (userId: string) => {
    const { rows } = await db.run<{ currency: string; balance: string }>(QUERIES.listBalances, [userId]);
    return { userId, balances: rows.map((r) => ({ currency: r.currency, balance: toMinorUnits(r.balance) })) };
  };

  app.get('/me/balances', { onRequest: auth }, async (request) => balances(request.userId));
  app.get('/accounts', { onRequest: auth }, async (request) => balances(request.userId));
  app.get('/users/:id/balances', { onRequest: auth }, async (request) => {
    // Both sides canonical (lower case): an upper-cased own id is still one's own.
    if (parse(UserParams, request.params, 'params').id !== request.userId) throw new HttpError(403, 'forbidden', 'you may only read your own balances');
    return balances(request.userId);
  });
}
