import { HttpError } from '../errors.ts';

/** How long a client is asked to wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 1;

// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: pg_terminate_backend, shutdown,
// recovery), and too_many_connections: the server is fine, the connection to it is not.
const CONNECTION_SQLSTATES = /^(08|57P0[1-4]$|53300$)/;
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
// node-postgres words these itself, without a code; a database refusing connections (ALLOW_CONNECTIONS false)
// says so under the generic SQLSTATE 55000.
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Query read timeout|is not currently accepting connections/i;

/** True when the error says the database could not be reached or dropped the connection, not that a statement failed. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_SQLSTATES.test(code) || CONNECTION_ERRNOS.has(code))) return true;
  return CONNECTION_MESSAGES.test(error.message);
}

/** A lost database connection as the API answers it: 503 with Retry-After, never a 500 or a crashed process. */
export function databaseUnavailable(error: Error): HttpError {
  const unavailable = new HttpError(503, 'database_unavailable', `database unavailable: ${error.message}`, DATABASE_RETRY_AFTER_SECONDS);
  unavailable.cause = error;
  return unavailable;
}

/** The error itself, or 503 database_unavailable when it is a lost connection. */
export function asDatabaseError(error: unknown): unknown {
  return isConnectionError(error) ? databaseUnavailable(error as Error) : error;
}
