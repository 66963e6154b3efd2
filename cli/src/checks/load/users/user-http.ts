import { Connection, type Endpoint } from '../engine/connection.ts';
import type { ParsedResponse } from '../engine/wire.ts';

/** A virtual user's own keep-alive connection, one request at a time, as a promise. */
export class UserHttp {
  private readonly connection: Connection;
  private waiting: { resolve: (r: ParsedResponse) => void; reject: (e: Error) => void } | undefined;

  constructor(endpoint: Endpoint) {
    this.connection = new Connection(endpoint, {
      response: (_c, response) => this.settle((w) => w.resolve(response)),
      failure: (_c, kind) => this.settle((w) => w.reject(Object.assign(new Error(kind), { code: kind }))),
    });
  }

  /** Sends and resolves with the response (its body kept); rejects with the failure kind as `code`. */
  request(bytes: Buffer, head: boolean, timeoutMs: number): Promise<ParsedResponse> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.connection.abort('timeout'), timeoutMs);
      this.waiting = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.connection.send(bytes, performance.now(), { head, keepBody: true });
    });
  }

  close(): void {
    this.connection.destroy();
  }

  private settle(action: (w: NonNullable<UserHttp['waiting']>) => void): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) action(waiting);
  }
}
