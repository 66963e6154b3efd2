import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NoiseFloors } from '../model/index.ts';
import { usageError } from '../util/errors.ts';
import { formatZodIssue } from '../util/format-zod-error.ts';
import { thisMachine } from './environment.ts';

/** Where `perfgate calibrate` keeps this machine's noise floors. */
export const noiseFloorsFile = (outDir: string) => join(outDir, 'noise-floors.json');

/**
 * This machine's calibrated noise floors, or undefined when none were measured here (another machine's say little
 * about this one: they are ignored, and the metrics' conservative defaults apply).
 */
export async function loadNoiseFloors(outDir: string, progress: (line: string) => void = () => undefined): Promise<NoiseFloors | undefined> {
  const file = noiseFloorsFile(outDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw usageError('BAD_FILE', `noise floors file ${file}: not valid JSON (${(error as Error).message}); run perfgate calibrate again or delete it`);
  }
  const parsed = NoiseFloors.safeParse(raw);
  if (!parsed.success) throw usageError('BAD_FILE', `noise floors file ${file}: ${formatZodIssue(parsed.error)}; run perfgate calibrate again or delete it`);
  const here = thisMachine();
  if (parsed.data.machine.hostname !== here.hostname || parsed.data.machine.cpu !== here.cpu) {
    progress(`noise floors in ${file} were calibrated on ${parsed.data.machine.hostname}, not here: using the conservative defaults`);
    return undefined;
  }
  return parsed.data;
}

export async function saveNoiseFloors(outDir: string, floors: NoiseFloors): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = noiseFloorsFile(outDir);
  await writeFile(file, `${JSON.stringify(floors, null, 2)}\n`);
  return file;
}
