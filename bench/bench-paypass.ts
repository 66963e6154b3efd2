import { startPayPassProcess, type PayPassProcess } from '../cli/src/target/paypass-process.ts';
import { packagePath } from '../cli/src/util/paths.ts';
import { createTestDatabase } from '../system-under-test/testing/test-database.ts';

export type BenchMode = 'embedded' | 'services';

/**
 * PayPass for a benchmark: on embedded PostgreSQL, or (services) on a database of its own in the local PostgreSQL
 * with the local Redis (REDIS_URL), as production runs it. stop() also drops that database.
 */
export async function startBenchPayPass(mode: BenchMode, databaseName: string): Promise<PayPassProcess> {
  const testDb = mode === 'services' ? await createTestDatabase(databaseName) : undefined;
  try {
    const paypass = await startPayPassProcess({
      databaseUrl: testDb?.url,
      redisUrl: mode === 'services' ? (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined,
      dataDir: packagePath('.perfgate/bench/pg'),
      log: () => undefined,
    });
    return {
      ...paypass,
      stop: async () => {
        await paypass.stop();
        await testDb?.drop();
      },
    };
  } catch (error) {
    await testDb?.drop();
    throw error;
  }
}
