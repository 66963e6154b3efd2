/**
 * The perfgate subject of a k6 HTTP point. A script perfgate exported tags each request's `name` with its subject
 * (`GET /health`); anyone else's has k6's default, the URL, which becomes `METHOD /path` as perfgate names an endpoint
 * (query left out, so `/search?keyword=a` and `?keyword=b` are one endpoint). A URL grouped with k6's http.url tag
 * keeps its `${}` placeholders.
 */
export function subjectOfPoint(tags: Record<string, string>): string | undefined {
  const name = tags.name ?? tags.url;
  if (!name) return undefined;
  const url = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(name);
  if (!url) return name;
  const method = tags.method ?? 'GET';
  return `${method} ${url[1] || '/'}`;
}

/** The origin the points' requests went to, for the result's target. */
export function originOfPoint(tags: Record<string, string>): string | undefined {
  const url = tags.url ?? tags.name;
  return url ? /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i.exec(url)?.[1] : undefined;
}

/** Requests k6 makes outside the load: in setup() (logins) and teardown(). */
export function outsideTheLoad(tags: Record<string, string>): boolean {
  return tags.group === '::setup' || tags.group === '::teardown' || (tags.group?.startsWith('::setup::') ?? false) || (tags.group?.startsWith('::teardown::') ?? false);
}
