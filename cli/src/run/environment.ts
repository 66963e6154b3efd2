import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import type { CheckRun, Environment } from '../model/index.ts';
import { packagePath } from '../util/paths.ts';

const require = createRequire(import.meta.url);

/** CPU model, cores and host name: what makes numbers from two machines not comparable. */
export function thisMachine(): { cpu: string; cores: number; hostname: string } {
  return { cpu: os.cpus()[0]?.model.trim() ?? 'unknown', cores: os.availableParallelism(), hostname: os.hostname() };
}

/** The machine and software a result was measured with: comparisons across machines say so. */
export function describeEnvironment(checks: readonly CheckRun[] = [], packages: readonly string[] = []): Environment {
  return {
    ...thisMachine(),
    memoryBytes: os.totalmem(),
    node: process.version,
    os: `${os.platform()} ${os.release()} ${os.arch()}`,
    gitSha: gitSha(),
    perfgateVersion: versionOf(packagePath('package.json')),
    engines: {
      // The npm packages the checks that ran measure with (each check declares them), then what they found on the machine.
      ...Object.fromEntries(packages.map((name) => [name, versionOf(`${name}/package.json`)])),
      ...Object.assign({}, ...checks.map((c) => c.engines ?? {})),
    },
  };
}

/** The commit checked out here, if this is a git checkout. */
export function gitSha(): string | undefined {
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() || undefined
    );
  } catch {
    return undefined;
  }
}

function versionOf(packageJson: string): string {
  try {
    return (require(packageJson) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Fields whose difference makes two runs' numbers not directly comparable. */
export function environmentDifferences(a: Environment, b: Environment): string[] {
  const diffs: string[] = [];
  if (a.cpu !== b.cpu) diffs.push(`CPU (${b.cpu} vs ${a.cpu})`);
  if (a.cores !== b.cores) diffs.push(`cores (${b.cores} vs ${a.cores})`);
  if (a.node !== b.node) diffs.push(`Node (${b.node} vs ${a.node})`);
  if (a.os !== b.os) diffs.push(`OS (${b.os} vs ${a.os})`);
  if (a.hostname !== b.hostname) diffs.push(`host (${b.hostname} vs ${a.hostname})`);
  if (a.perfgateVersion !== b.perfgateVersion) diffs.push(`perfgate (${b.perfgateVersion} vs ${a.perfgateVersion})`);
  // Engines both runs name (a check one run left out is no difference of the machine).
  for (const [engine, version] of Object.entries(b.engines)) {
    const before = a.engines[engine];
    if (before !== undefined && before !== version) diffs.push(`${engine} (${version} vs ${before})`);
  }
  return diffs;
}
