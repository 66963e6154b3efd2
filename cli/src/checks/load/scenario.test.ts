import { afterEach, describe, expect, it } from 'vitest';
import { formatZodIssue } from '../../util/format-zod-error.ts';
import { Scenario, headerProblem, urlPathProblem } from './scenario.ts';

/** The one-line message loading this scenario would give, or 'ok'. */
function problem(requests: unknown[], extra: Record<string, unknown> = {}): string {
  const parsed = Scenario.safeParse({ name: 's', ...extra, requests });
  return parsed.success ? 'ok' : formatZodIssue(parsed.error);
}

describe('Scenario placeholders', () => {
  afterEach(() => {
    delete process.env.PERFGATE_SCENARIO_TOKEN;
  });

  it('rejects an unknown placeholder in the path, naming where and listing the known ones', () => {
    expect(problem([{ path: '/hello?x={{nope}}' }])).toBe('requests[0].path: unknown placeholder {{nope}}; expected {{uuid}}, {{seq}}, {{vars.NAME}} or {{env.NAME}}');
  });

  it('rejects an unknown placeholder in a header value and deep in a body', () => {
    expect(problem([{ path: '/a' }, { path: '/b', headers: { 'x-id': '{{uid}}' } }])).toMatch(/^requests\[1\]\.headers\.x-id: unknown placeholder \{\{uid\}\}/);
    expect(problem([{ method: 'POST', path: '/a', body: { items: [{ n: '{{seq}}' }, { n: '{{sequence}}' }] } }])).toMatch(
      /^requests\[0\]\.body\.items\[1\]\.n: unknown placeholder \{\{sequence\}\}/,
    );
    expect(problem([{ method: 'POST', path: '/a', body: 'id={{ids}}' }])).toMatch(/^requests\[0\]\.body: unknown placeholder \{\{ids\}\}/);
  });

  it('accepts {{vars.NAME}} whatever NAME is: only setup can tell', () => {
    expect(problem([{ path: '/a/{{vars.id}}', headers: { authorization: 'Bearer {{vars.session.token}}' } }])).toBe('ok');
  });

  it('needs the environment variable of {{env.NAME}} when the scenario is loaded', () => {
    const requests = [{ path: '/a', headers: { authorization: 'Bearer {{env.PERFGATE_SCENARIO_TOKEN}}' } }];
    expect(problem(requests)).toBe('requests[0].headers.authorization: {{env.PERFGATE_SCENARIO_TOKEN}}: environment variable PERFGATE_SCENARIO_TOKEN is not set (or is empty)');
    process.env.PERFGATE_SCENARIO_TOKEN = 't0ken';
    expect(problem(requests)).toBe('ok');
  });
});

describe('Scenario requests', () => {
  it('rejects an empty expect: no status could ever succeed', () => {
    expect(problem([{ path: '/a', expect: [] }])).toBe('requests[0].expect: expected at least one status code (leave expect out for any 2xx or 3xx)');
    expect(problem([{ path: '/a', expect: [201] }])).toBe('ok');
  });

  it('rejects header values that are not strings, naming the header', () => {
    expect(problem([{ path: '/a', headers: { 'x-n': 5 } }])).toBe('requests[0].headers.x-n: expected a string, got number 5');
    expect(problem([{ path: '/a', headers: { 'x-on': true } }])).toBe('requests[0].headers.x-on: expected a string, got boolean true');
    expect(problem([{ path: '/a', headers: ['x-n: 5'] }])).toBe('requests[0].headers: expected an object of header values or a function');
  });

  it('keeps header functions as they are', () => {
    const headers = () => ({ a: 'b' });
    const parsed = Scenario.parse({ name: 's', requests: [{ path: '/a', headers }] });
    expect(parsed.requests[0]!.headers).toBe(headers);
  });

  it.each([
    ['/hello world', 'requests[0].path: "/hello world" contains a space; expected a URL path, with such characters percent-encoded (%20)'],
    ['/a|b', 'requests[0].path: "/a|b" contains "|"; expected a URL path, with such characters percent-encoded (%7C)'],
    ['/café', 'requests[0].path: "/café" contains "é"; expected a URL path, with such characters percent-encoded (%C3%A9)'],
    ['/a#top', 'requests[0].path: "/a#top" contains "#"; expected a URL path, with such characters percent-encoded (%23)'],
    ['/100%', 'requests[0].path: "/100%" has a "%" not followed by two hex digits; expected a URL path (write a literal % as %25)'],
  ])('rejects the path %s', (path, message) => {
    expect(problem([{ path }])).toBe(message);
  });

  it('accepts paths with queries, escapes and placeholders', () => {
    expect(problem([{ path: "/a/b-c_d.e~f/%20x?q=1&r=a,b;c=d:e@f!$'()*+" }, { path: '/users/{{vars.id}}?n={{ seq }}' }])).toBe('ok');
  });

  it('rejects two requests measured under one subject, naming both indexes', () => {
    expect(problem([{ path: '/a' }, { path: '/b' }, { path: '/a?page=2' }])).toBe(
      'requests[2]: measured as "GET /a", as requests[0] is; their measurements would collide, so give one a distinct name',
    );
    expect(
      problem([
        { name: 'list', path: '/a' },
        { name: 'list', path: '/b' },
      ]),
    ).toMatch(/^requests\[1\]: measured as "list", as requests\[0\] is/);
    expect(problem([{ path: '/a' }, { name: 'GET /a', method: 'POST', path: '/a' }])).toMatch(/^requests\[1\]: measured as "GET \/a", as requests\[0\] is/);
    expect(problem([{ path: '/a' }, { method: 'POST', path: '/a' }, { name: 'page 2', path: '/a?page=2' }])).toBe('ok');
  });
});

describe('Scenario setup', () => {
  it('says where a setup can be written when a YAML or JSON scenario has one', () => {
    expect(problem([{ path: '/' }], { setup: 'login' })).toBe('setup: expected a function (only a .ts or .js scenario can have setup)');
  });
});

describe('Scenario setupTimeout', () => {
  it('defaults to 60 s and is bounded', () => {
    expect(Scenario.parse({ name: 's', requests: [{ path: '/' }] }).setupTimeout).toBe(60);
    expect(problem([{ path: '/' }], { setupTimeout: 0 })).toMatch(/^setupTimeout: /);
    expect(problem([{ path: '/' }], { setupTimeout: 100_000 })).toMatch(/^setupTimeout: /);
    expect(problem([{ path: '/' }], { setupTimeout: 5 })).toBe('ok');
  });
});

describe('urlPathProblem', () => {
  it('calls a control character by name', () => {
    expect(urlPathProblem('/a\nb')).toMatch(/contains a control character; .*\(%0A\)$/);
  });
});

// Load tools write headers as given: a CR LF in a value would end the header and inject another one on the wire.
describe('Scenario headers', () => {
  afterEach(() => {
    delete process.env.PERFGATE_SCENARIO_HEADER;
  });

  it.each([
    ['x-a', '1\r\nX-Injected: yes', '"\\r"'],
    ['x-a', 'a\nb', '"\\n"'],
    ['x-a', 'nul\u0000', '"\\u0000"'],
    ['x-a', 'esc\u001b[31m', '"\\u001b"'],
    ['x-a', 'c1\u0085', '"\\u0085"'],
  ])('refuses a control character in the value of %s: %j', (name, value, shown) => {
    expect(problem([{ path: '/', headers: { [name]: value } }])).toBe(
      `requests[0].headers.${name}: the value contains a control character (${shown}); expected no CR, LF or other control characters`,
    );
  });

  it.each(['x a', 'x:y', 'x\r\ny', '', 'é', '(x)', 'a/b'])('refuses the header name %j, which is no HTTP token', (name) => {
    expect(problem([{ path: '/', headers: { [name]: 'v' } }])).toBe(
      `requests[0].headers.${name}: ${JSON.stringify(name)} is not a valid header name; expected letters, digits and !#$%&'*+-.^_\`|~ only`,
    );
  });

  it('accepts ordinary headers, tabs and non-ASCII text in values', () => {
    expect(problem([{ path: '/', headers: { 'X-Request-Id': '{{uuid}}', "a!#$%&'*+-.^_`|~9": 'v', 'x-t': 'a\tb', 'x-u': 'café' } }])).toBe('ok');
  });

  it('refuses an environment variable whose value would inject a header', () => {
    process.env.PERFGATE_SCENARIO_HEADER = 'x\r\nX-Injected: yes';
    expect(problem([{ path: '/', headers: { authorization: 'Bearer {{env.PERFGATE_SCENARIO_HEADER}}' } }])).toMatch(
      /^requests\[0\]\.headers\.authorization: the value, filled in from the environment, contains a control character \("\\r"\)/,
    );
  });

  it('is exported for headers computed by functions', () => {
    expect(headerProblem('x-a', 'ok')).toBeUndefined();
    expect(headerProblem('x-a', 'a\rb')).toMatch(/control character/);
  });
});

describe('Scenario load models, stages and flows', () => {
  const parse = (input: Record<string, unknown>) => {
    const parsed = Scenario.safeParse({ name: 's', ...input });
    return parsed.success ? 'ok' : formatZodIssue(parsed.error);
  };

  it('asks the open model for a rate, naming where', () => {
    expect(parse({ model: 'open', requests: [{ path: '/' }] })).toBe('requests[0].rate: the open model needs a rate (requests per second), here or for the whole scenario');
    expect(parse({ model: 'open', rate: 100, requests: [{ path: '/' }] })).toBe('ok');
    expect(parse({ requests: [{ path: '/', model: 'open', rate: 50 }] })).toBe('ok');
  });

  it('refuses a rate on a closed-model request rather than ignore it', () => {
    expect(parse({ requests: [{ path: '/', rate: 50 }] })).toMatch(/^requests\[0\]\.rate: a rate applies to the open model only/);
  });

  it('needs users for flows, and flows or requests but not both', () => {
    const flows = [{ name: 'f', steps: [{ path: '/' }] }];
    expect(parse({ flows })).toMatch(/^users: flows need users/);
    expect(parse({ flows, users: { count: 5 } })).toBe('ok');
    expect(parse({ flows, users: { count: 5 }, requests: [{ path: '/' }] })).toMatch(/^flows: a scenario has requests or flows, not both/);
    expect(parse({})).toMatch(/^requests: expected at least one request/);
  });

  it('checks stages: positive durations, distinct names', () => {
    expect(parse({ stages: [{ duration: 0, target: 5 }], requests: [{ path: '/' }] })).toMatch(/^stages\[0\]\.duration:/);
    expect(
      parse({
        stages: [
          { name: 'a', duration: 1, target: 5 },
          { name: 'a', duration: 1, target: 1 },
        ],
        requests: [{ path: '/' }],
      }),
    ).toMatch(/^stages\[1\]\.name: "a" names two stages/);
    expect(parse({ model: 'open', stages: [{ duration: 1, target: 100 }], requests: [{ path: '/' }] })).toBe('ok');
  });

  it('checks flow steps as requests, placeholders included', () => {
    expect(parse({ flows: [{ name: 'f', steps: [{ path: '/a?x={{nope}}' }] }], users: { count: 1 } })).toMatch(/^flows\[0\]\.steps\[0\]\.path: unknown placeholder \{\{nope\}\}/);
  });
});
