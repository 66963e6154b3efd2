import type { WebSocket } from 'ws';

/**
 * Open sockets per user (a user may be connected from several devices). A socket is
 * registered at once but held back until its initial_data is out: updates in between
 * are queued, not lost, and never overtake the snapshot.
 */
export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<WebSocket>>();
  private readonly held = new Map<WebSocket, string[]>();
  private total = 0;

  constructor(private readonly onCount: (n: number) => void = () => undefined) {}

  add(userId: string, socket: WebSocket): void {
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    if (set.has(socket)) return;
    set.add(socket);
    this.held.set(socket, []);
    this.onCount(++this.total);
  }

  /** Sends `first` (the snapshot), then whatever was queued for the socket meanwhile. */
  release(socket: WebSocket, first: unknown): void {
    const queued = this.held.get(socket);
    if (!queued) return;
    this.held.delete(socket);
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify(first));
    for (const text of queued) socket.send(text);
  }

  remove(userId: string, socket: WebSocket): void {
    const set = this.byUser.get(userId);
    if (!set?.delete(socket)) return;
    this.held.delete(socket);
    if (set.size === 0) this.byUser.delete(userId);
    this.onCount(--this.total);
  }

  /** Sends to every open socket of the user; returns how many got (or queued) it. */
  send(userId: string, message: unknown): number {
    const set = this.byUser.get(userId);
    if (!set) return 0;
    const text = JSON.stringify(message);
    let sent = 0;
    for (const socket of set) {
      const queued = this.held.get(socket);
      if (queued) queued.push(text);
      else if (socket.readyState === socket.OPEN) socket.send(text);
      else continue;
      sent++;
    }
    return sent;
  }

  get size(): number {
    return this.total;
  }
}
