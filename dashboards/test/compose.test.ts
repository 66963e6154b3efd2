import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DASHBOARDS } from '../src/catalog.ts';
import { bindMounts, composeServices, hostPath } from './compose-files.ts';
import { filesEndingWith } from './rule-files.ts';

// docker-compose.yml cannot run here (no Docker engine): this checks that its parts fit together, file by file.
// stack.test.ts runs its Prometheus, Pushgateway and Alertmanager with the same files.
const services = composeServices();

/** The port a service listens on inside the compose network (the container side of "host:container"). */
function containerPorts(service: string): string[] {
  return (services[service]?.ports ?? []).map((p) => p.split(':').at(-1)!);
}

function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8')) as T;
}

/** Files matching a path whose last segment may hold `*`. */
function glob(pattern: string): string[] {
  const name = new RegExp(
    `^${basename(pattern)
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')}$`,
  );
  return readdirSync(dirname(pattern)).filter((f) => name.test(f));
}

describe('docker-compose.yml', () => {
  it('runs postgres, redis, paypass, prometheus, pushgateway, alertmanager and grafana, each image at a pinned version', () => {
    expect(Object.keys(services).sort()).toEqual(['alertmanager', 'grafana', 'paypass', 'postgres', 'prometheus', 'pushgateway', 'redis']);
    for (const [name, service] of Object.entries(services)) expect(service.image, name).toMatch(/^[\w./-]+:v?\d[\w.-]*$/);
  });

  it('mounts only files and folders that exist, each under dashboards/ (but for the checkout PayPass runs from)', () => {
    for (const name of Object.keys(services)) {
      for (const mount of bindMounts(name)) {
        expect(existsSync(mount.host), `${name}: ${mount.host}`).toBe(true);
        if (name !== 'paypass') expect(mount.host, name).toContain('/dashboards/');
      }
    }
  });

  it('loads every rule file of dashboards/prometheus into Prometheus, and no unit test file', () => {
    const config = readYaml<{ rule_files: string[] }>(hostPath('prometheus', '/etc/prometheus/prometheus.yml'));
    const loaded = config.rule_files.flatMap((file) => glob(hostPath('prometheus', file)));
    expect(loaded.sort()).toEqual(filesEndingWith('.rules.yml'));
  });

  it('points every scrape and alerting target of prometheus.yml at a compose service, on the port it listens on', () => {
    const config = readYaml<{ scrape_configs: { static_configs: { targets: string[] }[] }[]; alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] } }>(
      hostPath('prometheus', '/etc/prometheus/prometheus.yml'),
    );
    const targets = [...config.scrape_configs, ...config.alerting.alertmanagers].flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    expect(targets.length).toBeGreaterThanOrEqual(5);
    for (const target of targets) {
      const [service, port] = target.split(':');
      expect(containerPorts(service!), target).toContain(port);
    }
  });

  it('provisions Grafana with the Prometheus and Alertmanager services as data sources, Prometheus the default', () => {
    const provisioning = '/etc/grafana/provisioning';
    const { datasources } = readYaml<{ datasources: { type: string; url: string; isDefault?: boolean }[] }>(hostPath('grafana', `${provisioning}/datasources/datasources.yml`));
    expect(datasources.filter((d) => d.isDefault).map((d) => d.type)).toEqual(['prometheus']);
    for (const source of datasources) {
      const url = new URL(source.url);
      expect(Object.keys(services), source.url).toContain(url.hostname);
      expect(containerPorts(url.hostname), source.url).toContain(url.port);
    }
  });

  it('provisions Grafana with every generated dashboard', () => {
    const { providers } = readYaml<{ providers: { type: string; options: { path: string } }[] }>(hostPath('grafana', '/etc/grafana/provisioning/dashboards/dashboards.yml'));
    expect(providers.map((p) => p.type)).toEqual(['file']);
    const folder = hostPath('grafana', providers[0]!.options.path);
    expect(
      readdirSync(folder)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(DASHBOARDS).sort());
  });

  it('gives the Alertmanager its config file', () => {
    expect(services.alertmanager?.command).toContain('--config.file=/etc/alertmanager/alertmanager.yml');
    expect(existsSync(hostPath('alertmanager', '/etc/alertmanager/alertmanager.yml'))).toBe(true);
    expect(services.prometheus?.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
  });
});
