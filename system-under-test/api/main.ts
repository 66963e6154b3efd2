// Starts PayPass alone: `npm run paypass` (env DATABASE_URL, REDIS_URL, PORT, HOST; embedded mode without DATABASE_URL,
// data in PAYPASS_DATA_DIR (default .perfgate/pg), so two instances can run side by side;
// traces with OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER).
import { startTracing } from './telemetry/tracing.ts';

// Tracing patches pg, ioredis and http as they load, so the app is imported only after it started.
const stopTracing = await startTracing();
const { startPayPass } = await import('../index.ts');

const paypass = await startPayPass({
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: process.env.REDIS_URL || undefined,
  host: process.env.HOST || '127.0.0.1',
  port: process.env.PORT ? Number(process.env.PORT) : 3000,
  dataDir: process.env.PAYPASS_DATA_DIR || undefined,
  log: (line) => console.error(line),
});
console.log(`PayPass ${paypass.mode} mode: ${paypass.url}`);
console.log(`Try: curl -s ${paypass.url}/health`);
if (paypass.credentials[0]) console.log(`Seeded login: ${paypass.credentials[0].email} / ${paypass.credentials[0].password}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: stopping`);
    paypass
      .stop()
      .then(stopTracing)
      .then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
  });
}
