import WebSocket from 'ws';
import type { UserContext, UserSocket } from '../flow-schema.ts';
import type { Endpoint } from '../engine/connection.ts';

interface Waiter {
  match(message: unknown): boolean | 'failed' | undefined;
  done(outcome: 'matched' | 'failed' | 'timeout'): void;
}

/** Messages kept for a waiter that registers after its message arrived (an update can overtake its HTTP response). */
const RECENT = 64;

/** A virtual user's WebSocket: held open, its messages parsed once and offered to whoever awaits one. */
export class UserWebSocket {
  private socket: WebSocket | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly recent: unknown[] = [];

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

  /** Waits for a message that `match` accepts (looking first at those just received). */
  await(match: Waiter['match'], timeoutMs: number): Promise<'matched' | 'failed' | 'timeout'> {
    return new Promise((resolve) => {
      for (const message of this.recent) {
        const verdict = match(message);
        if (verdict === true || verdict === 'failed') return resolve(verdict === true ? 'matched' : 'failed');
      }
      if (this.socket?.readyState !== WebSocket.OPEN) return resolve('failed');
      const waiter: Waiter = {
        match,
        done: (outcome) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(outcome);
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
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      message = String(data);
    }
    this.recent.push(message);
    if (this.recent.length > RECENT) this.recent.shift();
    for (const waiter of [...this.waiters]) {
      const verdict = waiter.match(message);
      if (verdict === true) waiter.done('matched');
      else if (verdict === 'failed') waiter.done('failed');
    }
  }
}

export type { UserContext };
