/**
 * A test target for the open model (open-model.test.ts), run in a child process of its own so that its stalls block
 * no other event loop: an HTTP server that answers at once, except that every STALL_PERIOD_MS it busy-waits
 * STALL_MS synchronously, as a server blocked by a long computation or a garbage collection would. Its stalls fall at
 * fixed instants (its start + k × period), not period after period, so that late timers do not stretch the period.
 * It reports its port with process.send, and exits when its parent goes away.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

const STALL_MS = Number(process.env.STALL_MS ?? 200);
const STALL_PERIOD_MS = Number(process.env.STALL_PERIOD_MS ?? 1000);

const body = Buffer.from('ok');
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length }).end(body);
});
// Keep-alive connections are kept until the client closes them: a client's sockets idle between two stalls (or
// between two runs) must not be closed under it. No limit on connections: each stall queues hundreds of them.
server.keepAliveTimeout = 0;
server.maxConnections = 100_000;

const origin = performance.now();
let stalls = 0;
const scheduleStall = () => {
  const at = origin + (stalls + 1) * STALL_PERIOD_MS;
  setTimeout(stall, Math.max(0, at - performance.now()));
};
const stall = () => {
  const until = performance.now() + STALL_MS;
  while (performance.now() < until) {
    // Blocking on purpose: nothing else runs in this process until the stall is over.
  }
  stalls++;
  scheduleStall();
};

server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  scheduleStall();
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
