/**
 * Subject globs: `*` matches any run of characters (slashes and spaces included, since subjects
 * look like `POST /payments`), `?` one character; everything else is literal.
 */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

export function matchesGlob(subject: string, glob: string): boolean {
  return globToRegExp(glob).test(subject);
}
