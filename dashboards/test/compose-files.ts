import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository's root: docker-compose.yml's relative paths start here. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface ComposeService {
  image?: string;
  command?: string[];
  volumes?: string[];
  ports?: string[];
}

export function composeServices(): Record<string, ComposeService> {
  return (parse(readFileSync(`${REPO_ROOT}docker-compose.yml`, 'utf8')) as { services: Record<string, ComposeService> }).services;
}

export interface Mount {
  /** Absolute path on this machine. */
  host: string;
  /** Where the service sees it. */
  container: string;
}

/** The bind mounts of a compose service (`./dashboards/x:/etc/y:ro`); named volumes are left out. */
export function bindMounts(service: string): Mount[] {
  const volumes = composeServices()[service]?.volumes ?? [];
  return volumes
    .map((volume) => volume.split(':'))
    .filter(([host]) => host!.startsWith('.'))
    .map(([host, container]) => ({ host: `${REPO_ROOT}${host!.replace(/^\.\/?/, '')}`.replace(/\/$/, ''), container: container! }));
}

/** Where a path the service sees (a file, or anything under a mounted folder) is on this machine. */
export function hostPath(service: string, containerPath: string): string {
  for (const mount of bindMounts(service)) {
    if (containerPath === mount.container) return mount.host;
    if (containerPath.startsWith(`${mount.container}/`)) return mount.host + containerPath.slice(mount.container.length);
  }
  throw new Error(`docker-compose.yml mounts nothing at ${containerPath} in ${service}`);
}
