import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';
import { toMinorUnits } from '../money.ts';
import type { ActiveUsers } from '../services/active-users.ts';
import type { PaymentEvents, PaymentUpdate } from '../services/payment-events.ts';
import { toPaymentView, type PaymentRow } from '../services/payment-view.ts';
import type { TokenService } from '../services/tokens.ts';
import { ConnectionRegistry } from './connections.ts';
import type { UpdateBus } from './update-bus.ts';
import { selectProtocol, wsClaims } from './ws-auth.ts';

export interface RealtimeDeps {
  db: Db;
  tokens: TokenService;
  /** A validly signed token may outlive its user: the socket opens only for one who exists and is active. */
  users: ActiveUsers;
  events: PaymentEvents;
  bus: UpdateBus;
  onConnections: (n: number) => void;
}

const RECENT_TRANSACTIONS = 10;

/**
 * The standards' RealTimeTransactionService on `/ws`: status changes flow processor →
 * events → bus (Redis pub/sub across processes, or in-process) → the sockets of the
 * sender and the recipient, all of each one's devices, and nobody else's.
 */
export async function realtimeRoutes(app: FastifyInstance, deps: RealtimeDeps): Promise<ConnectionRegistry> {
  const registry = new ConnectionRegistry(deps.onConnections);
  await app.register(websocket, { options: { handleProtocols: selectProtocol, maxPayload: 4 * 1024 } });

  deps.events.on('update', (update) => void deps.bus.publish(update).catch((error) => app.log.warn({ err: error }, 'update bus publish failed')));
  const unsubscribe = await deps.bus.subscribe((update) => deliver(registry, update));
  // A bus the caller owns may outlive the app: the app's sockets are gone once it closed, so are its deliveries.
  app.addHook('onClose', unsubscribe);

  app.get('/ws', { websocket: true }, (socket, request) => {
    const claims = wsClaims(request.raw, deps.tokens);
    if (!claims) return socket.close(1008, 'Unauthorized');
    const { userId } = claims;
    registry.add(userId, socket);
    // A socket lives no longer than the token that opened it: the client reconnects with a fresh one.
    const expiry = setTimeout(() => socket.close(1008, 'token expired'), Math.min(claims.expiresAt - Date.now(), 2 ** 31 - 1));
    socket.on('close', () => {
      clearTimeout(expiry);
      registry.remove(userId, socket);
    });
    socket.on('error', () => registry.remove(userId, socket));
    // Registered at once, so no update is missed while the user is looked up; released (initial data first) only
    // for a user who is there.
    Promise.all([deps.users.isActive(userId), initialData(deps.db, userId)]).then(
      ([active, data]) => (active ? registry.release(socket, data) : socket.close(1008, 'Unauthorized')),
      (error) => {
        request.log.error(error);
        socket.close(1011, 'initial data unavailable');
      },
    );
  });
  return registry;
}

function deliver(registry: ConnectionRegistry, u: PaymentUpdate): void {
  const message = (role: 'sender' | 'recipient') => ({
    type: 'payment_update',
    paymentId: u.paymentId,
    status: u.status,
    role,
    details: { amount: u.amount, currency: u.currency, reason: u.reason },
    timestamp: new Date().toISOString(),
  });
  registry.send(u.senderId, message('sender'));
  registry.send(u.recipientId, message('recipient'));
}

async function initialData(db: Db, userId: string): Promise<unknown> {
  const [balances, recent] = await Promise.all([
    db.run<{ currency: string; balance: string }>(QUERIES.listBalances, [userId]),
    db.run<PaymentRow>(QUERIES.recentTransactions, [userId, RECENT_TRANSACTIONS]),
  ]);
  return {
    type: 'initial_data',
    balances: balances.rows.map((r) => ({ currency: r.currency, balance: toMinorUnits(r.balance) })),
    recentTransactions: recent.rows.map(toPaymentView),
  };
}
