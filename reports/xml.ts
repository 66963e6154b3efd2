// XML escaping for JUnit: everything user-controlled (subjects, messages, settings) goes through here.

/** Characters XML 1.0 forbids outright (most C0 controls, lone surrogates, U+FFFE/F): dropped. */
// eslint-disable-next-line no-control-regex -- the control characters are what is stripped
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return s.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute value; newlines and tabs as character references so parsers keep them. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** `name="value" …` from pairs, in the given order. */
export function attrs(pairs: [string, string | number][]): string {
  return pairs.map(([k, v]) => `${k}="${xmlAttr(String(v))}"`).join(' ');
}
