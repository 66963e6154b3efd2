import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { hostPath } from './compose-files.ts';
import { freePort, startProgram, type Program } from './programs.ts';

/**
 * The monitoring half of docker-compose.yml run as local programs: Debian's prometheus, prometheus-pushgateway and
 * prometheus-alertmanager, each with the config file compose mounts into it. What differs is only what cannot be the
 * same outside compose: service names become 127.0.0.1 and a free port, and container paths become the files they
 * are mounted from (localPrometheusConfig).
 */
export interface Monitoring {
  prometheus: Program;
  pushgateway: Program;
  alertmanager: Program;
  /** The compose service names of prometheus.yml's targets, by the address each now has here. */
  addresses: Record<string, string>;
  stop(): Promise<void>;
}

/** The compose services Prometheus talks to, besides PayPass, which the caller starts. */
const MONITORING_SERVICES = ['prometheus', 'pushgateway', 'alertmanager'] as const;

export async function startMonitoring(paypassAddress: string): Promise<Monitoring> {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-monitoring-'));
  const started: Program[] = [];
  try {
    const ports = Object.fromEntries(await Promise.all(MONITORING_SERVICES.map(async (s) => [s, await freePort()] as const))) as Record<
      (typeof MONITORING_SERVICES)[number],
      number
    >;
    const addresses = { paypass: paypassAddress, ...Object.fromEntries(MONITORING_SERVICES.map((s) => [s, `127.0.0.1:${ports[s]}`])) };

    const pushgateway = await startProgram('prometheus-pushgateway', [`--web.listen-address=127.0.0.1:${ports.pushgateway}`], ports.pushgateway);
    started.push(pushgateway);
    const alertmanager = await startProgram(
      'prometheus-alertmanager',
      [
        `--config.file=${hostPath('alertmanager', '/etc/alertmanager/alertmanager.yml')}`,
        `--storage.path=${join(dir, 'alertmanager')}`,
        `--web.listen-address=127.0.0.1:${ports.alertmanager}`,
        // No gossip port: a single Alertmanager, and tests running side by side must not find each other.
        '--cluster.listen-address=',
      ],
      ports.alertmanager,
    );
    started.push(alertmanager);
    const config = join(dir, 'prometheus.yml');
    writeFileSync(config, localPrometheusConfig(addresses));
    const prometheus = await startProgram(
      'prometheus',
      [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${ports.prometheus}`],
      ports.prometheus,
    );
    started.push(prometheus);
    return {
      prometheus,
      pushgateway,
      alertmanager,
      addresses,
      stop: async () => {
        await stopAll(started);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll(started);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function stopAll(programs: Program[]): Promise<void> {
  await Promise.all(programs.map((p) => p.stop()));
}

interface PrometheusConfig {
  rule_files: string[];
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}

/**
 * dashboards/compose/prometheus.yml as Prometheus runs it here: every `service:port` target becomes the service's
 * local address, and rule_files the folder docker-compose.yml mounts at their path. Anything else is kept as is; a
 * target naming a service not in `addresses` is an error, so a new compose service cannot go untested.
 */
export function localPrometheusConfig(addresses: Record<string, string>): string {
  const config = parse(readFileSync(hostPath('prometheus', '/etc/prometheus/prometheus.yml'), 'utf8')) as PrometheusConfig;
  const local = (target: string): string => {
    const service = target.split(':')[0]!;
    const address = addresses[service];
    if (!address) throw new Error(`prometheus.yml targets ${target}, a service the test does not start`);
    return address;
  };
  const localTargets = (staticConfigs: { targets: string[] }[]) => staticConfigs.forEach((c) => (c.targets = c.targets.map(local)));
  config.scrape_configs.forEach((job) => localTargets(job.static_configs));
  config.alerting.alertmanagers.forEach((am) => localTargets(am.static_configs));
  config.rule_files = config.rule_files.map((file) => hostPath('prometheus', file));
  return stringify(config);
}
