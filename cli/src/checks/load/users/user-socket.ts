import WebSocket from 'ws';
import type { UserContext, UserSocket } from '../flow-schema.ts';
import type { Endpoint } from '../engine/connection.ts';

interface Waiter {
  match(message: unknown): boolean | 'failed' | undefined;
  done(outcome: Outcome, message?: unknown, receivedAt?: number): void;
}

type Outcome = 'matched' | 'failed' | 'timeout';

/** How a wait ended: with the message and when it arrived (epoch ms) when one matched. */
export interface Awaited {
  outcome: Outcome;
  message?: unknown;
  receivedAt?: number;
}

/** Messages kept for a waiter that registers after its message arrived (an update can overtake its HTTP response). */
const RECENT = 8;

/** A virtual user's WebSocket: held open, its messages parsed once and offered to whoever awaits one. */
export class UserWebSocket {
  private socket: WebSocket | undefined;
  private readonly waiters = new Set<Waiter>();
  // Kept raw and parsed only when someone awaits: most users' sockets just listen, and parsing every update of
  // thousands of them would make the generator, not the target, the bottleneck.
  private readonly recent: { data: WebSocket.RawData; receivedAt: number }[] = [];

  /** Connects; resolves with the milliseconds the handshake took, rejects with the failure. */
  connect(endpoint: Endpoint, prefix: string, target: UserSocket, timeoutMs: number): Promise<number> {
    const scheme = endpoint.tls ? 'wss' : 'ws';
    const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${scheme}://${host}:${endpoint.port}${prefix}${target.path}`, target.protocols ?? [], {
        handshakeTimeout: timeoutMs,
        perMessageDeflate: false,
        rejectUnauthorized: false,
      });
      this.socket = socket;
      socket.once('open', () => resolve(performance.now() - started));
      socket.once('error', (error: NodeJS.ErrnoException) => reject(Object.assign(new Error(error.message), { code: error.code ?? 'websocket error' })));
      socket.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { code: String(res.statusCode) }));
        socket.terminate();
      });
      socket.on('message', (data) => this.onMessage(data));
    });
  }

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Waits for a message that `match` accepts (looking first at those just received). */
  await(match: Waiter['match'], timeoutMs: number): Promise<Awaited> {
    return new Promise((resolve) => {
      for (const { data, receivedAt } of this.recent) {
        const message = parse(data);
        const verdict = match(message);
        if (verdict === true || verdict === 'failed') return resolve({ outcome: verdict === true ? 'matched' : 'failed', message, receivedAt });
      }
      if (this.socket?.readyState !== WebSocket.OPEN) return resolve({ outcome: 'failed' });
      const waiter: Waiter = {
        match,
        done: (outcome, message, receivedAt) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve({ outcome, message, receivedAt });
        },
      };
      const timer = setTimeout(() => waiter.done('timeout'), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  close(): void {
    this.socket?.terminate();
    for (const w of [...this.waiters]) w.done('failed');
  }

  private onMessage(data: WebSocket.RawData): void {
    const receivedAt = Date.now();
    this.recent.push({ data, receivedAt });
    if (this.recent.length > RECENT) this.recent.shift();
    if (this.waiters.size === 0) return;
    const message = parse(data);
    for (const waiter of [...this.waiters]) {
      const verdict = waiter.match(message);
      if (verdict === true) waiter.done('matched', message, receivedAt);
      else if (verdict === 'failed') waiter.done('failed', message, receivedAt);
    }
  }
}

export type { UserContext };

/** A message as JSON when it is JSON, else as text. */
function parse(data: WebSocket.RawData): unknown {
  const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
