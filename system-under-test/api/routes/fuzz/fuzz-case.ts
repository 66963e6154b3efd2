import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TokenService } from '../../services/tokens.ts';
import type { LedgerModel } from './model.ts';

export interface Actor {
  id: string;
  token: string;
  email: string;
}

/** What the generated requests draw on: the seeded users, their payments, the app's token issuer. */
export interface FuzzContext {
  users: Actor[];
  password: string;
  tokens: TokenService;
  operator: string;
  payments: { id: string; senderId: string; recipientId: string }[];
  /** Cursors the API handed out during the run (valid ones to send back). */
  cursors: string[];
  model: LedgerModel;
  /** For fresh e-mail addresses. */
  serial: { next: number };
}

/** A generated request, ready to send, with the statuses the oracle allows for it as things stand. */
export interface Prepared {
  request: InjectOptions;
  allowed: number[];
  /** Why those statuses, said when the answer is another. */
  why: string;
  /** Further checks of an allowed answer, and what it changes in the model. */
  after?: (res: LightMyRequestResponse) => void;
}

export type Response = LightMyRequestResponse;
