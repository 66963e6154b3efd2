import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors.ts';
import { asDatabaseError, isConnectionError } from './connection-errors.ts';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('database connection errors', () => {
  it('knows a lost or refused connection from a failed statement', () => {
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isConnectionError(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isConnectionError(withCode('database "x" is not currently accepting connections', '55000'))).toBe(true);
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isConnectionError(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isConnectionError(withCode('canceling statement due to statement timeout', '57014'))).toBe(false);
    expect(isConnectionError('Connection terminated')).toBe(false);
  });

  it('answers a lost connection as 503 database_unavailable with Retry-After, and leaves other errors as they are', () => {
    const mapped = asDatabaseError(new Error('Connection terminated unexpectedly'));
    expect(mapped).toBeInstanceOf(HttpError);
    expect(mapped).toMatchObject({ statusCode: 503, code: 'database_unavailable', retryAfterSeconds: 1 });
    const constraint = withCode('duplicate key', '23505');
    expect(asDatabaseError(constraint)).toBe(constraint);
  });
});
