import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { runError } from '../../util/errors.ts';

/** One entry of Vite's `build.manifest` (https://vite.dev/guide/backend-integration). */
export interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}
export type ViteManifest = Record<string, ManifestChunk>;

/** The subjects a manifest yields: the initial load, then one per lazily loaded chunk. */
export interface BundleGroup {
  subject: string;
  files: string[];
}

export const MANIFEST_PATHS = ['.vite/manifest.json', 'manifest.json'];

export function findManifest(dir: string): { path: string; manifest: ViteManifest } | null {
  for (const rel of MANIFEST_PATHS) {
    const path = join(dir, rel);
    if (!existsSync(path)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw runError(`bundle: ${path} is not valid JSON (${(err as Error).message})`);
    }
    if (!isViteManifest(parsed)) {
      // A manifest.json that is not Vite's (a web app manifest, say): treat the dir as manifest-less.
      continue;
    }
    return { path, manifest: parsed };
  }
  return null;
}

function isViteManifest(value: unknown): value is ViteManifest {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const chunks = Object.values(value as Record<string, unknown>);
  return chunks.length > 0 && chunks.every((c) => !!c && typeof c === 'object' && typeof (c as ManifestChunk).file === 'string');
}

/** A chunk's key plus every chunk it imports statically, transitively. */
function staticClosure(manifest: ViteManifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...keys];
  while (stack.length) {
    const key = stack.pop()!;
    if (seen.has(key) || !manifest[key]) continue;
    seen.add(key);
    stack.push(...(manifest[key].imports ?? []));
  }
  return seen;
}

/** JS and CSS files of a set of chunks (deduplicated, in a stable order). */
function filesOf(manifest: ViteManifest, keys: Iterable<string>): string[] {
  const files = new Set<string>();
  for (const key of keys) {
    const chunk = manifest[key];
    if (/\.(m?js|css)$/.test(chunk.file)) files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
  }
  return [...files].sort();
}

/**
 * `bundle:initial` = the entry chunk + its static imports (transitively) + their CSS: what the first page loads.
 * A multi-page build has one per entry (`bundle:initial about.html`): a page never loads another page's entry.
 * `route:<name>` = each dynamically imported chunk + its static imports not already loaded initially.
 */
export function groupsFromManifest(manifest: ViteManifest): BundleGroup[] {
  const entries = Object.keys(manifest)
    .filter((k) => manifest[k].isEntry)
    .sort();
  const initial = staticClosure(manifest, entries);
  const initialFiles = new Set(filesOf(manifest, initial));
  const groups: BundleGroup[] =
    entries.length === 1
      ? [{ subject: 'bundle:initial', files: [...initialFiles] }]
      : entries.map((entry) => ({ subject: `bundle:initial ${entry}`, files: filesOf(manifest, staticClosure(manifest, [entry])) }));

  const used = new Set<string>();
  for (const key of Object.keys(manifest).sort()) {
    if (!manifest[key].isDynamicEntry) continue;
    const own = [...staticClosure(manifest, [key])].filter((k) => !initial.has(k));
    let name = routeName(key, manifest[key]);
    if (used.has(name)) name = manifest[key].src ?? key;
    used.add(name);
    groups.push({ subject: `route:${name}`, files: filesOf(manifest, own).filter((f) => !initialFiles.has(f)) });
  }
  return groups;
}

function routeName(key: string, chunk: ManifestChunk): string {
  if (chunk.name) return chunk.name;
  const src = chunk.src ?? key;
  return basename(src, extname(src));
}
