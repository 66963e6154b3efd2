import { createHash } from 'node:crypto';
import { QUERIES } from '../../db/queries.ts';
import type { Db, Queryable } from '../db/db.ts';
import { HttpError } from '../errors.ts';

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

/** Canonical hash of a request body: key order must not matter. */
export function requestHash(body: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(body)
      .sort()
      .map((k) => [k, body[k] ?? null]),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

export async function storeResponse(db: Db, client: Queryable, userId: string, key: string, response: StoredResponse): Promise<void> {
  await db.run(QUERIES.completeIdempotencyKey, [userId, key, response.statusCode, JSON.stringify(response.body)], client);
}

/** The stored response for a key that someone else owns: replayed if the body matches, 409 otherwise. */
export async function replay(db: Db, userId: string, key: string, hash: string): Promise<StoredResponse> {
  const stored = await storedResponse(db, userId, key, hash);
  if (!stored) throw new HttpError(409, 'idempotency_conflict', 'idempotency key is being retried concurrently; try again');
  return stored;
}

/** As replay, but undefined when the key was never used: a retry can be answered before any other work. */
export async function storedResponse(db: Db, userId: string, key: string, hash: string): Promise<StoredResponse | undefined> {
  const { rows } = await db.run<{ request_hash: string; status_code: number | null; response: unknown }>(QUERIES.findIdempotencyKey, [userId, key]);
  const stored = rows[0];
  if (!stored) return undefined;
  if (stored.request_hash !== hash) {
    throw new HttpError(409, 'idempotency_key_reused', 'Idempotency-Key was already used with a different request body');
  }
  if (stored.status_code === null) throw new HttpError(409, 'idempotency_in_progress', 'the original request is still in progress');
  return { statusCode: stored.status_code, body: stored.response };
}
