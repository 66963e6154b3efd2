import net from 'node:net';
import tls from 'node:tls';
import { ResponseParser, type ParsedResponse } from './wire.ts';

export interface Endpoint {
  host: string;
  port: number;
  tls: boolean;
}

export interface ConnectionEvents {
  /** A response ended; `sentAt`/`intendedAt` are those the request was sent with. */
  response(connection: Connection, response: ParsedResponse): void;
  /** The request in flight was lost: the connection failed or closed before its response ended. */
  failure(connection: Connection, kind: string): void;
}

// One read buffer per thread: the parser copies what it keeps before the callback returns.
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/**
 * One keep-alive connection with at most one request in flight (no pipelining, as browsers and wrk do).
 * A send on a closed connection opens a new one first; the socket queues the bytes until it connects.
 */
export class Connection {
  private socket: net.Socket | undefined;
  private readonly parser: ResponseParser;
  busy = false;
  /** When the request in flight was written, and when it should have been (open model), in ms (performance.now). */
  sentAt = 0;
  intendedAt = 0;
  /** Whatever the driver attaches to the request in flight. */
  tag: unknown;

  constructor(
    private readonly endpoint: Endpoint,
    /** Whoever drives the connection now: a kept connection passes from one window to the next. */
    public events: ConnectionEvents,
  ) {
    this.parser = new ResponseParser((response) => this.onResponse(response));
  }

  send(bytes: Buffer, intendedAt: number, options: { head?: boolean; keepBody?: boolean } = {}): void {
    if (!this.socket || this.socket.destroyed) this.openSocket();
    this.busy = true;
    this.parser.expectBody = !options.head;
    this.parser.keepBody = options.keepBody ?? false;
    this.intendedAt = intendedAt;
    this.sentAt = performance.now();
    this.socket!.write(bytes);
  }

  /** Opens the socket ahead of the first request; resolves once connected (or failed: the first send will say). */
  connect(timeoutMs: number): Promise<void> {
    if (!this.socket || this.socket.destroyed) this.openSocket();
    const socket = this.socket!;
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      socket.once(this.endpoint.tls ? 'secureConnect' : 'connect', done);
      socket.once('close', done);
    });
  }

  /** Drops the request in flight (timed out) and the socket with it. */
  abort(kind: string): void {
    this.drop();
    this.lost(kind);
  }

  get open(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  destroy(): void {
    this.busy = false;
    this.drop();
  }

  private openSocket(): void {
    const { host, port } = this.endpoint;
    const onread = { buffer: READ_BUFFER, callback: (length: number, buffer: Buffer) => this.onData(buffer, 0, length) };
    const socket = this.endpoint.tls ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: false }) : net.connect({ host, port, onread });
    socket.setNoDelay(true);
    if (this.endpoint.tls) socket.on('data', (chunk: Buffer) => this.onData(chunk, 0, chunk.length));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (socket === this.socket) this.lost(error.code ?? error.message);
    });
    socket.on('close', () => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      // A body delimited by the close ends here; a response cut off is a failure.
      if (this.parser.close() || this.busy) this.lost('ECONNRESET');
    });
    this.parser.reset();
    this.socket = socket;
  }

  private onData(buffer: Buffer, start: number, end: number): boolean {
    try {
      this.parser.feed(buffer, start, end);
    } catch (error) {
      this.abort(`bad response: ${(error as Error).message}`);
    }
    return true;
  }

  private onResponse(response: ParsedResponse): void {
    if (!this.busy) return; // bytes nobody asked for: ignore rather than mis-time the next request
    this.busy = false;
    if (response.closes) this.drop();
    this.events.response(this, response);
  }

  private lost(kind: string): void {
    if (!this.busy) return;
    this.busy = false;
    this.events.failure(this, kind);
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.parser.reset();
    socket?.destroy();
  }
}
