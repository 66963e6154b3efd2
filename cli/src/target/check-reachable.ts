import { request } from 'node:http';
import { request as requestTls } from 'node:https';
import { usageError, runError } from '../util/errors.ts';

/** Fails fast, with one line, when nothing answers at the target URL. Any HTTP status counts as reachable. */
export async function checkReachable(url: string, timeoutMs = 5000): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError('BAD_FLAG', `--url ${url}: not a valid URL; expected e.g. http://127.0.0.1:3000`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw usageError('BAD_FLAG', `--url ${url}: unsupported protocol ${parsed.protocol}; expected http: or https:`);
  }
  const send = parsed.protocol === 'https:' ? requestTls : request;
  await new Promise<void>((resolve, reject) => {
    const req = send(parsed, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve();
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'ECONNREFUSED' ? 'refused the connection (ECONNREFUSED)' : `could not be reached (${error.code ?? error.message})`;
      reject(runError(`target ${url} ${why}; expected an HTTP server listening there`, 'TARGET_UNREACHABLE'));
    });
    req.end();
  });
}
