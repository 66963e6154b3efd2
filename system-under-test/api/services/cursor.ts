import { isRealTimestamp } from '../calendar.ts';
import { badRequest } from '../errors.ts';

// Opaque cursor: base64url of [created_at with microseconds, id]. Microseconds matter:
// a JS Date (milliseconds) would make rows created within one millisecond skip or repeat.
// A cursor comes back from the client, so it is checked as hostile input: a real moment (not 2024-02-30,
// not year 0, which PostgreSQL refuses with an error) and a lower-case UUID, as encodeCursor writes them.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Cursor {
  createdAt: string;
  id: string;
}

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');

export function decodeCursor(raw: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [createdAt, id] = value as unknown[];
      if (typeof createdAt === 'string' && isRealTimestamp(createdAt) && typeof id === 'string' && UUID.test(id)) {
        return { createdAt, id };
      }
    }
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('cursor: invalid cursor (pass back the nextCursor of the previous page)');
}
