/**
 * HTTP/1.1 on the wire, as a load generator needs it: requests built once into bytes, and responses parsed
 * incrementally from whatever chunks the socket delivers — just enough to know where each response ends
 * (Content-Length, chunked, or the connection closing), its status, and whether the server will close.
 */

export interface WireRequest {
  method: string;
  /** Request target: path and query, already prefixed with the base URL's path. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The request's bytes: `Host` from the target, `Content-Length` from the body, the caller's headers as given. */
export function encodeRequest(request: WireRequest, host: string): Buffer {
  let head = `${request.method} ${request.path} HTTP/1.1\r\n`;
  let hasHost = false;
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'host') hasHost = true;
    // The body's length is ours to state; a stale one would desynchronise the connection.
    if (lower === 'content-length' || lower === 'transfer-encoding') continue;
    head += `${name}: ${value}\r\n`;
  }
  if (!hasHost) head += `host: ${host}\r\n`;
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  if (body || !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(request.method)) head += `content-length: ${body?.length ?? 0}\r\n`;
  head += '\r\n';
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}

export interface ParsedResponse {
  status: number;
  /** The server said it will close the connection after this response. */
  closes: boolean;
  /** The body, when the parser was asked to keep it. */
  body?: Buffer;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const HTTP_1 = Buffer.from('HTTP/1.');

/** The header line at `from` is named `name` (lower case, with its colon), whatever its case. */
function nameIs(buffer: Buffer, from: number, end: number, name: string): boolean {
  if (end - from < name.length) return false;
  for (let i = 0; i < name.length; i++) {
    const c = buffer[from + i]!;
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== name.charCodeAt(i)) return false;
  }
  return true;
}

/** The decimal number in the header value between `from` and `end` (leading spaces skipped). */
function digits(buffer: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end && (buffer[i] === 0x20 || buffer[i] === 0x09)) i++;
  let value = 0;
  let any = false;
  for (; i < end && buffer[i]! >= 0x30 && buffer[i]! <= 0x39; i++) {
    value = value * 10 + buffer[i]! - 0x30;
    any = true;
  }
  return any ? value : -1;
}

/** The header value between `from` and `end` contains `word`, whatever its case. */
function contains(buffer: Buffer, from: number, end: number, word: string): boolean {
  for (let i = from; i + word.length <= end; i++) if (nameIs(buffer, i, end, word)) return true;
  return false;
}
const MAX_HEAD = 64 * 1024;

type State = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close';

/** Parses a stream of responses on one connection; calls `onResponse` as each one ends. */
export class ResponseParser {
  private state: State = 'head';
  private pending: Buffer | undefined;
  private remaining = 0;
  private current: ParsedResponse = { status: 0, closes: false };
  private bodyParts: Buffer[] | undefined;
  /** Set per request by the connection: a HEAD request's response has no body whatever its headers say. */
  expectBody = true;
  keepBody = false;

  constructor(private readonly onResponse: (response: ParsedResponse) => void) {}

  /** Feeds bytes; throws on a response that is not HTTP/1.x. `data` is only valid during the call. */
  feed(data: Buffer, start: number, end: number): void {
    let off = start;
    while (off < end) {
      if (this.state === 'head') {
        off = this.readHead(data, off, end);
        continue;
      }
      if (this.state === 'body' || this.state === 'chunk-data') {
        const take = Math.min(this.remaining, end - off);
        if (this.bodyParts) this.bodyParts.push(Buffer.from(data.subarray(off, off + take)));
        this.remaining -= take;
        off += take;
        if (this.remaining === 0) {
          if (this.state === 'body') this.finish();
          else this.state = 'chunk-end';
        }
        continue;
      }
      if (this.state === 'until-close') {
        if (this.bodyParts) this.bodyParts.push(Buffer.from(data.subarray(off, end)));
        return;
      }
      // chunk-size, chunk-end and trailers are line-oriented.
      const line = this.readLine(data, off, end);
      if (line === undefined) return;
      off = line.next;
      if (this.state === 'chunk-end') this.state = 'chunk-size';
      else if (this.state === 'chunk-size') {
        const size = parseInt(line.text.split(';')[0]!.trim(), 16);
        if (!Number.isFinite(size) || size < 0) throw new Error(`bad chunk size "${line.text.slice(0, 20)}"`);
        if (size === 0) this.state = 'trailers';
        else {
          this.remaining = size;
          this.state = 'chunk-data';
        }
      } else if (line.text === '') this.finish();
    }
  }

  /** The connection closed: a response delimited by the close ends here. True when one was in progress. */
  close(): boolean {
    if (this.state === 'until-close') {
      this.finish();
      return false;
    }
    const inProgress = this.state !== 'head' || this.pending !== undefined;
    this.reset();
    return inProgress;
  }

  reset(): void {
    this.state = 'head';
    this.pending = undefined;
    this.bodyParts = undefined;
  }

  private readHead(data: Buffer, off: number, end: number): number {
    let buffer = data;
    let from = off;
    let to = end;
    if (this.pending) {
      buffer = Buffer.concat([this.pending, data.subarray(off, end)]);
      from = 0;
      to = buffer.length;
    }
    const at = buffer.indexOf(CRLFCRLF, from);
    if (at < 0 || at + 4 > to) {
      if (to - from > MAX_HEAD) throw new Error('response head larger than 64 KiB');
      this.pending = Buffer.from(buffer.subarray(from, to));
      return end;
    }
    const consumedOfData = this.pending ? at + 4 - this.pending.length : at + 4 - off;
    this.pending = undefined;
    this.startResponse(buffer, from, at + 2);
    return off + consumedOfData;
  }

  /** Reads the head's bytes in place (no string per response: at tens of thousands a second, garbage is pauses). */
  private startResponse(buffer: Buffer, from: number, to: number): void {
    if (to - from < 12 || !buffer.subarray(from, from + 7).equals(HTTP_1)) {
      const text = buffer.toString('latin1', from, Math.min(to, from + 20)).replace(/[^\x20-\x7e]/g, '?');
      throw new Error(`not an HTTP/1.x response ("${text}")`);
    }
    const status = (buffer[from + 9]! - 48) * 100 + (buffer[from + 10]! - 48) * 10 + (buffer[from + 11]! - 48);
    // 1xx responses (100 Continue, 103 Early Hints) precede the real one.
    if (status >= 100 && status < 200) return;
    const http10 = buffer[from + 7] === 0x30;
    let length = -1;
    let chunked = false;
    let connection: 'close' | 'keep-alive' | undefined;
    let line = buffer.indexOf(CRLF, from) + 2;
    while (line > 1 && line < to) {
      const eol = buffer.indexOf(CRLF, line);
      const end = eol < 0 || eol > to ? to : eol;
      const first = buffer[line]! | 0x20;
      if (first === 0x63 /* c */) {
        if (nameIs(buffer, line, end, 'content-length:')) length = digits(buffer, line + 15, end);
        else if (nameIs(buffer, line, end, 'connection:'))
          connection = contains(buffer, line + 11, end, 'close') ? 'close' : contains(buffer, line + 11, end, 'keep-alive') ? 'keep-alive' : connection;
      } else if (first === 0x74 /* t */ && nameIs(buffer, line, end, 'transfer-encoding:')) chunked = contains(buffer, line + 18, end, 'chunked');
      line = end + 2;
    }
    const closes = http10 ? connection !== 'keep-alive' : connection === 'close';
    this.current = { status, closes };
    this.bodyParts = this.keepBody ? [] : undefined;
    if (!this.expectBody || status === 204 || status === 304) return this.finish();
    if (chunked) {
      this.state = 'chunk-size';
      return;
    }
    if (length >= 0) {
      this.remaining = length;
      if (this.remaining === 0) return this.finish();
      this.state = 'body';
      return;
    }
    this.state = 'until-close';
    this.current.closes = true;
  }

  private readLine(data: Buffer, off: number, end: number): { text: string; next: number } | undefined {
    const buffer = this.pending ? Buffer.concat([this.pending, data.subarray(off, end)]) : data;
    const from = this.pending ? 0 : off;
    const to = this.pending ? buffer.length : end;
    const at = buffer.indexOf('\r\n', from);
    if (at < 0 || at + 2 > to) {
      this.pending = Buffer.from(buffer.subarray(from, to));
      return undefined;
    }
    const next = this.pending ? off + (at + 2 - this.pending.length) : at + 2;
    this.pending = undefined;
    return { text: buffer.toString('latin1', from, at), next };
  }

  private finish(): void {
    const response = this.current;
    if (this.bodyParts) response.body = Buffer.concat(this.bodyParts);
    this.state = 'head';
    this.bodyParts = undefined;
    this.onResponse(response);
  }
}
