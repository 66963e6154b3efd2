import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';

/**
 * Whether a user id (a token's subject) is an active user, asked of the database once per user and remembered
 * for `ttlMs`: a signed-in user's requests cost no extra query, and a user removed or deactivated loses access
 * within that time. Only yes is remembered, in at most `capacity` entries (the oldest make room).
 */
export class ActiveUsers {
  private readonly known = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5 * 60_000,
    private readonly capacity = 100_000,
  ) {}

  async isActive(userId: string, now = Date.now()): Promise<boolean> {
    const until = this.known.get(userId);
    if (until !== undefined && until > now) return true;
    const { rows } = await this.db.run(QUERIES.findActiveUser, [userId]);
    if (rows.length === 0) {
      this.known.delete(userId);
      return false;
    }
    this.known.delete(userId); // re-inserted last: Map order is the eviction order
    this.known.set(userId, now + this.ttlMs);
    if (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value!);
    return true;
  }
}
