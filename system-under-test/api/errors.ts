/** An error that maps to one HTTP status and a stable machine-readable code. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string = code,
    /** Sent as Retry-After: how long a client should wait before trying again (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string): HttpError => new HttpError(400, 'bad_request', message);
export class InsufficientFundsError extends HttpError {
  constructor() {
    super(422, 'insufficient_funds', 'insufficient funds');
  }
}
