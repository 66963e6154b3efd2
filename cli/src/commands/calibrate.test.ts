import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fixture, startHelloServer, tempOut } from '../../test/run-cli.ts';
import { NoiseFloors } from '../model/index.ts';
import { loadNoiseFloors } from '../run/noise-floor-store.ts';
import { registerCalibrate } from './calibrate.ts';

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

describe('perfgate calibrate', () => {
  it('runs A/A pairs against one target and stores a floor per measurement, which run --baseline then reads', async () => {
    const { url, server } = await startHelloServer();
    servers.push(server);
    const out = await tempOut();
    const program = new Command('perfgate').exitOverride();
    registerCalibrate(program);
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['node', 'perfgate', 'calibrate', '--url', url, '--scenario', fixture('hello.scenario.yaml'), '--rounds', '3', '--pairs', '2', '--out', out]);
    } finally {
      vi.restoreAllMocks();
    }
    const floors = NoiseFloors.parse(JSON.parse(readFileSync(join(out, 'noise-floors.json'), 'utf8')));
    expect(floors.pairs).toBe(2);
    const p95 = floors.floors['load\u0000latency.p95\u0000GET /hello'];
    expect(p95?.relative).toBeGreaterThanOrEqual(0);
    expect(stdout).toMatch(/^\s+default floor\s+calibrated$/m);
    expect(stdout).toMatch(/load p95 GET \/hello\s+±5\.0%|load p95 GET \/hello\s+±\d/);
    expect(await loadNoiseFloors(out)).toEqual(floors);
  });
});
