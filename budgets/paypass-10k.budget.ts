import { defineBudgets } from '../cli/src/index.ts';
import { STANDARDS } from './standards-rules.ts';

// For scenarios/paypass-10k-users.scenario.ts: ten thousand users hold a WebSocket while 1 % of them pay.
export default defineBudgets({
  version: 1,
  rules: [
    { check: 'load', metric: 'users.connected', subject: 'websocket connect', min: 10_000, source: `${STANDARDS}:83 concurrentUsers > 10,000 users` },
    { check: 'load', metric: 'errors.ratio', subject: 'websocket connect', max: 0.001, source: `${STANDARDS}:118 uptime > 99.9% (as a ceiling on refused connections)` },
    { check: 'load', metric: 'latency.p95', subject: 'payment settled', max: 3000, source: `${STANDARDS}:112 paymentProcessing < 3s end-to-end` },
    { check: 'load', metric: 'errors.ratio', subject: 'payment settled', max: 0.005, source: `${STANDARDS}:117 paymentSuccessRate > 99.5%` },
    { check: 'load', metric: 'heap.ratio', subject: 'server', max: 0.8, severity: 'warn', source: `${STANDARDS}:90 memoryUsage < 80% of allocated` },
    { check: 'load', metric: 'cpu.ratio', subject: 'server', max: 0.7, severity: 'warn', source: `${STANDARDS}:91 cpuUsage < 70% average` },
  ],
});
