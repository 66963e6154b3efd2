import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runError } from '../../util/errors.ts';

/** Where to get k6, in the one line said when it is missing. */
export const GET_K6 =
  'install it (https://grafana.com/docs/k6/latest/set-up/install-k6/, e.g. apt-get install k6 from its package repository), or run the exported script where k6 is (perfgate k6 export)';

/** The k6 binary on PATH, as a shell would find it; none is a check that cannot run (exit 3), saying how to get one. */
export function findK6(path = process.env.PATH ?? ''): string {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'k6');
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw runError(`k6 run: no k6 on PATH; ${GET_K6}`);
}
