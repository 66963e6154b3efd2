import WebSocket from 'ws';

export interface TestSocket {
  ws: WebSocket;
  messages: { type: string; [key: string]: unknown }[];
  /** Resolves with the first message (already received or future) that matches. */
  next(match: (m: { type: string; [key: string]: unknown }) => boolean, timeoutMs?: number): Promise<{ type: string; [key: string]: unknown }>;
  closed: Promise<{ code: number; reason: string }>;
}

/** A real `ws` client that records every message, for assertions on what a user was sent. */
export function connect(url: string, protocols?: string[]): TestSocket {
  const ws = new WebSocket(url, protocols);
  const messages: TestSocket['messages'] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()));
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('error', () => undefined);
  const next: TestSocket['next'] = (match, timeoutMs = 5_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages)}`)), timeoutMs);
      const check = () => {
        const found = messages.find(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });
  return { ws, messages, next, closed };
}
