import { z } from 'zod';

/** An http: or https: URL, as a sink or a Pushgateway is reached. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A config value that must be an http(s) URL; the error quotes what was given. */
export const HttpUrl = z
  .string()
  .refine(isHttpUrl, { error: (issue) => `expected an http:// or https:// URL, got ${JSON.stringify(issue.input)}` })
  .meta({ format: 'uri' });

/** The URL without user and password, for messages: a sink's credentials never reach a log. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    return `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
