import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ADMIN_URL } from '../../testing/test-database.ts';
import { TEST_REDIS_URL } from '../testing/redis-scratch.ts';
import { FaultRun, report } from './fault-run.ts';
import { expectRecovered } from './expect-recovered.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults during load: PostgreSQL (services mode)', () => {
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
  });
  afterAll(() => admin?.end());

  it("(c) PayPass's connections are terminated twice: the process lives, answers 503 meanwhile, and every accepted payment finishes", async () => {
    const run = await FaultRun.start({ redisUrl: TEST_REDIS_URL });
    const name = run.database.name;
    // Terminated, and refused for a second after, as a database restarting would be.
    const outage = async () => {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'paypass'", [name]);
      await sleep(1_500);
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    };
    try {
      run.flow();
      await sleep(2_000);
      const start = Date.now();
      await outage();
      await sleep(2_000);
      await outage();
      const end = Date.now();
      await sleep(4_000);
      const outcome = await run.outcome('PostgreSQL: pg_terminate_backend ×2 (1.5 s refused each)', start, end);
      report(outcome);
      expect(outcome.healthDuringFault['503'], '/health unhealthy while the database refused connections').toBeGreaterThan(0);
      expect(
        Object.keys(outcome.refused).filter((k) => k.startsWith('500')),
        'no 500s',
      ).toEqual([]);
      await expectRecovered(run, outcome);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
      await run.close();
    }
  });
});
