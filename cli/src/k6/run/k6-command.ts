import { join } from 'node:path';

/** The files of one `perfgate k6 run`, all in its own directory. */
export interface K6RunFiles {
  dir: string;
  script: string;
  /** The scenario's setup() vars and function values, when it has any (PERFGATE_DATA). */
  data?: string;
}

export const POINTS_FILE = 'points.ndjson.gz';
export const SUMMARY_FILE = 'summary.json';

/**
 * The k6 command line: every request's point into a gzipped NDJSON file (what the import reads, exactly), k6's
 * end-of-test summary beside it (for k6's own threshold results), the target and perfgate's data as environment.
 */
export function k6Arguments(files: K6RunFiles, baseUrl: string): string[] {
  return [
    'run',
    '--no-color',
    '--out',
    `json=${join(files.dir, POINTS_FILE)}`,
    '--summary-export',
    join(files.dir, SUMMARY_FILE),
    '-e',
    `BASE_URL=${baseUrl}`,
    ...(files.data ? ['-e', `PERFGATE_DATA=${files.data}`] : []),
    files.script,
  ];
}
