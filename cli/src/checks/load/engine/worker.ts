import { parentPort } from 'node:worker_threads';
import { loadScenario } from '../load-scenario.ts';
import { subjectOf, type Scenario } from '../scenario.ts';
import { closeUsers, driveUsers } from '../users/drive-users.ts';
import { drive, endpointOf } from './drive.ts';
import type { GeneratorJob } from './job.ts';
import { fixedSource, scenarioSource, type RequestSource } from './request-source.ts';

/** A generator thread: runs the jobs it is sent, one at a time, and posts back what it recorded. */
process.on('exit', () => closeUsers());
const scenarios = new Map<string, Promise<Scenario>>();
let controller = new AbortController();

/** The scenario's functions cannot cross threads: each thread imports the scenario file itself. */
function scenarioOf(file: string): Promise<Scenario> {
  let scenario = scenarios.get(file);
  if (!scenario) scenarios.set(file, (scenario = loadScenario(file)));
  return scenario;
}

async function sourceFor(job: GeneratorJob): Promise<RequestSource> {
  const { host, port } = endpointOf(job.url);
  const hostHeader = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const spec = job.request;
  if (spec.kind === 'fixed') return fixedSource(spec.request, hostHeader);
  if (spec.kind === 'users') throw new Error('a users job has no single request source');
  // By subject, not position: a caller may have narrowed the scenario's requests in memory.
  const request = (await scenarioOf(spec.file)).requests.find((r) => subjectOf(r) === spec.subject);
  if (!request) throw new Error(`${spec.file} has no request measured as "${spec.subject}"`);
  return scenarioSource(request, spec.prefix, spec.vars, hostHeader, job.share.index, job.share.of);
}

parentPort!.on('message', (message: { stop: true } | { id: number; job: GeneratorJob }) => {
  if ('stop' in message) {
    controller.abort();
    return;
  }
  controller = new AbortController();
  const { job } = message;
  const run =
    job.request.kind === 'users'
      ? scenarioOf(job.request.file).then((scenario) => driveUsers(job, scenario, controller.signal))
      : sourceFor(job).then((source) => drive(job, source, controller.signal));
  run.then(
    (record) => parentPort!.postMessage({ id: message.id, record }),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: (error as Error)?.message ?? String(error) }),
  );
});
parentPort!.postMessage({ ready: true });
