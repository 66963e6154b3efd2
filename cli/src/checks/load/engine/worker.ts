import { parentPort } from 'node:worker_threads';
import { loadScenario } from '../load-scenario.ts';
import type { Scenario } from '../scenario.ts';
import { drive, endpointOf } from './drive.ts';
import type { GeneratorJob } from './job.ts';
import { fixedSource, scenarioSource, type RequestSource } from './request-source.ts';

/** A generator thread: runs the jobs it is sent, one at a time, and posts back what it recorded. */
const scenarios = new Map<string, Promise<Scenario>>();
let controller = new AbortController();

async function sourceFor(job: GeneratorJob): Promise<RequestSource> {
  const { host, port } = endpointOf(job.url);
  const hostHeader = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const spec = job.request;
  if (spec.kind === 'fixed') return fixedSource(spec.request, hostHeader);
  // The scenario's functions cannot cross threads: each thread imports the scenario file itself.
  let scenario = scenarios.get(spec.file);
  if (!scenario) scenarios.set(spec.file, (scenario = loadScenario(spec.file)));
  const request = (await scenario).requests[spec.index]!;
  return scenarioSource(request, spec.prefix, spec.vars, hostHeader, job.share.index, job.share.of);
}

parentPort!.on('message', (message: { stop: true } | { id: number; job: GeneratorJob }) => {
  if ('stop' in message) {
    controller.abort();
    return;
  }
  controller = new AbortController();
  sourceFor(message.job)
    .then((source) => drive(message.job, source, controller.signal))
    .then(
      (record) => parentPort!.postMessage({ id: message.id, record }),
      (error: unknown) => parentPort!.postMessage({ id: message.id, error: (error as Error)?.message ?? String(error) }),
    );
});
parentPort!.postMessage({ ready: true });
