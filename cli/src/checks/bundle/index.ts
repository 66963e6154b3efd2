import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import type { Measurement } from '../../model/index.ts';
import { runError, usageError } from '../../util/errors.ts';
import { defineCheck, type SettingsSource } from '../check.ts';
import { findManifest, groupsFromManifest, type BundleGroup } from './manifest.ts';
import { BUNDLE_METRICS } from './metrics.ts';
import { moduleBytes } from './modules.ts';
import { measureBytes, sumSizes, type FileSizes } from './sizes.ts';

export const BundleSettings = z.object({
  /** A build output directory (Vite's dist, or any folder of JS/CSS); default the target's build. */
  dir: z.string().min(1).optional(),
});
export type BundleSettings = z.infer<typeof BundleSettings>;

const CODE = /\.(m?js|cjs|css)$/i;
const IMAGE = /\.(png|jpe?g|gif|webp|avif|svg|ico|bmp)$/i;

/**
 * Bundle sizes, exact and deterministic: raw, gzip (-9) and brotli (q11) bytes.
 * With a Vite manifest: the initial load and each lazy route; without: each JS/CSS file.
 * Always `bundle:total` (all JS/CSS) and `images:total`.
 */
export const bundleCheck = defineCheck<BundleSettings>({
  meta: {
    id: 'bundle',
    title: 'Bundle size (gzip, brotli)',
    settings: BundleSettings,
    requires: ['buildDir'],
    metrics: BUNDLE_METRICS,
  },
  settings: checkBuildDir,
  async run(ctx) {
    const given = ctx.settings.dir ?? ctx.target.buildDir;
    if (!given) throw runError('bundle: no build directory (give --bundle-dir DIR, the build output)');
    const dir = resolve(given);
    const problem = buildDirProblem(dir);
    if (problem) throw runError(`bundle: ${problem}`);

    const files = listFiles(dir);
    const code = files.filter((f) => CODE.test(f));
    const images = files.filter((f) => IMAGE.test(f));
    const sizes = new Map<string, FileSizes>();
    const sizeOf = (rel: string): FileSizes => {
      let s = sizes.get(rel);
      if (!s) {
        const path = join(dir, rel);
        if (!existsSync(path)) throw runError(`bundle: the manifest names ${rel}, which is not in ${dir}; is the build complete?`);
        s = measureBytes(readFileSync(path));
        sizes.set(rel, s);
      }
      return s;
    };

    const found = findManifest(dir);
    const groups: BundleGroup[] = found ? groupsFromManifest(found.manifest) : code.map((f) => ({ subject: `file:${f}`, files: [f] }));
    groups.push({ subject: 'bundle:total', files: code });
    ctx.log(
      found
        ? `bundle: ${relative(process.cwd(), found.path) || found.path}, ${groups.length - 2} lazy chunk(s)`
        : `bundle: no Vite manifest in ${dir}, measuring ${code.length} file(s)`,
    );

    const modulesOf = new Map<string, Map<string, number> | undefined>();
    const breakdownOf = (files: string[]): Record<string, number> | undefined => {
      const merged = new Map<string, number>();
      for (const rel of files) {
        if (!modulesOf.has(rel)) modulesOf.set(rel, moduleBytes(join(dir, rel), readFileSync(join(dir, rel), 'utf8')));
        for (const [module, bytes] of modulesOf.get(rel) ?? []) merged.set(module, (merged.get(module) ?? 0) + bytes);
      }
      return merged.size ? Object.fromEntries(merged) : undefined;
    };
    const measurements: Measurement[] = [];
    for (const group of groups) {
      const total = sumSizes(group.files.map(sizeOf));
      measurements.push(...sizeMeasurements(group.subject, total, group.files, breakdownOf(group.files)));
      ctx.log(`${group.subject}: ${kb(total.gzip)} gzip, ${kb(total.brotli)} brotli, ${kb(total.raw)} raw (${group.files.length} file(s))`);
    }
    const imageBytes = images.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    measurements.push(m('images:total', 'raw.bytes', imageBytes, 'bytes'), m('images:total', 'files.count', images.length, 'count'));
    return { measurements, settings: { dir, manifest: found ? found.path : null, compression: 'gzip level 9, brotli quality 11' } };
  },
});

/** A foreign build directory is checked before anything starts: a typo should not cost a run. */
function checkBuildDir(source: SettingsSource): unknown {
  const dir = source.target.buildDir;
  const problem = dir ? buildDirProblem(resolve(dir)) : undefined;
  if (problem) throw usageError('BAD_FLAG', `${source.where('bundleDir')}: ${problem}`);
  return {};
}

/** Why a directory cannot be measured as a build output, or undefined when it can. */
export function buildDirProblem(dir: string): string | undefined {
  if (!existsSync(dir)) return `build directory ${dir} does not exist; build first (for PayPass: npm run web:build)`;
  if (!statSync(dir).isDirectory()) return `${dir} is a file; expected the build output directory`;
  if (!listFiles(dir).some((f) => CODE.test(f))) return `build directory ${dir} holds no .js, .mjs, .cjs or .css file; is it the build output?`;
  return undefined;
}

function sizeMeasurements(subject: string, s: FileSizes, files: string[], breakdown: Record<string, number> | undefined): Measurement[] {
  const tags = { files: files.join(' ') };
  return [
    { ...m(subject, 'gzip.bytes', s.gzip, 'bytes'), tags, ...(breakdown ? { breakdown } : {}) },
    m(subject, 'brotli.bytes', s.brotli, 'bytes'),
    m(subject, 'raw.bytes', s.raw, 'bytes'),
    m(subject, 'files.count', files.length, 'count'),
  ];
}

function m(subject: string, metric: string, value: number, unit: 'bytes' | 'count'): Measurement {
  return { check: 'bundle', metric, subject, value, unit };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Every file under dir as a posix relative path, skipping precompressed copies and source maps. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (entry.isFile() && !/\.(gz|br|map)$/i.test(entry.name)) {
        out.push(relative(dir, path).split(sep).join('/'));
      }
    }
  };
  walk(dir);
  return out.sort();
}
