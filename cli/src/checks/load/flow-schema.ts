import { z } from 'zod';
import type { RequestContext } from './request-context.ts';

const isFunction = (v: unknown) => typeof v === 'function';

/** A response as a flow step sees it: status, and the body read on demand. */
export interface StepResponse {
  status: number;
  text(): string;
  json(): unknown;
}

/** What a virtual user's functions are given: the request context, plus the user's own session (what `session` and captures stored). */
export type UserContext = RequestContext & { session: Record<string, unknown>; user: number };

/** Think time: seconds, or `[min, max]` drawn uniformly for each pause. */
export const ThinkTime = z.union([z.number().min(0).max(3600), z.tuple([z.number().min(0).max(3600), z.number().min(0).max(3600)])]);
export type ThinkTime = z.infer<typeof ThinkTime>;

/**
 * Waiting, after a step's request, for a message on the user's WebSocket: the time from the request to the message
 * is measured as its own subject (a payment as its sender sees it complete). `match` returns true for the awaited
 * message, `'failed'` for one that ends the wait as a failure, anything else to keep waiting.
 */
export const AwaitMessage = z
  .object({
    name: z.string().min(1),
    match: z.custom<(message: unknown, response: StepResponse, ctx: UserContext) => boolean | 'failed' | undefined>(isFunction, 'expected a function'),
    /**
     * When the server sent the message (epoch ms, from the message itself), to measure its delivery as
     * `<name> delivery`: the target and generator share a clock only on one machine, so use it there.
     */
    sentAt: z.custom<(message: unknown) => number | undefined>(isFunction, 'expected a function').optional(),
    /** Seconds before the wait counts as a failure (timeout). */
    timeout: z.number().positive().max(600).default(10),
  })
  .strict();

export const StepExtras = {
  /** Pause after this step, before the next (overrides the scenario's `users.think`). */
  think: ThinkTime.optional(),
  /** Reads what later steps need from the response into the user's session (`session.paymentId = response.json().id`). */
  capture: z.custom<(response: StepResponse, ctx: UserContext) => void>(isFunction, 'expected a function (only a .ts or .js scenario can capture)').optional(),
  await: AwaitMessage.optional(),
};

/** Where a virtual user's WebSocket connects: a path (with query), and subprotocols to offer. */
export interface UserSocket {
  path: string;
  protocols?: string[];
}

export const UsersSettings = z
  .object({
    /**
     * Virtual users. Closed model: this many run flows back to back (a stage's target overrides it). Open model: the
     * users that flows started at `rate` per second run on; a flow due when all are busy waits, timed from when it was due.
     */
    count: z.number().int().positive().max(100_000),
    /** Runs once per user before the load (in its generator thread): what it returns starts the user's session. */
    session: z.custom<(ctx: { baseUrl: string; user: number; vars: Record<string, unknown>; signal: AbortSignal }) => Promise<Record<string, unknown>>>(isFunction).optional(),
    /** The user's WebSocket, held open for the whole check: its connect time is measured as `websocket connect`. */
    websocket: z.custom<(ctx: UserContext) => UserSocket>(isFunction).optional(),
    /** Users that connect per second when they are created (a burst of thousands at once measures the accept queue). */
    connectRate: z.number().positive().max(100_000).default(1000),
    /** Default pause between steps. */
    think: ThinkTime.default(0),
  })
  .strict();
export type UsersSettings = z.infer<typeof UsersSettings>;
