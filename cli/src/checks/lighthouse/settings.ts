import { z } from 'zod';

export const MAX_RUNS = 100;
export const MAX_LANES = 16;

/** Lanes: how many runs go side by side, each in a browser pinned to CPUs of its own; `auto` is one per 2 CPUs (≤ 4). */
export const Lanes = z.union([z.literal('auto'), z.number().int().positive().max(MAX_LANES)], { error: `expected "auto" or a whole number of lanes from 1 to ${MAX_LANES}` });

const Selector = z.string().min(1, 'expected a CSS selector');
const Path = z.string().min(1, 'expected a page path such as "/"');

/**
 * One scripted browser action. Values may name `{{email}}` and `{{password}}` (the target's first login: PayPass
 * hands over its seeded ones) or `{{env.NAME}}`, so no secret needs to sit in a config file.
 */
export const Step = z.union(
  [
    z.object({ goto: Path }).strict(),
    /** Types the value key by key (real input events, as a user's) into the field, replacing what it held. */
    z.object({ fill: Selector, value: z.string() }).strict(),
    z.object({ select: Selector, value: z.string() }).strict(),
    z.object({ click: Selector }).strict(),
    /** Waits until an element matching the selector is present (the step a flow ends on: the result on screen). */
    z.object({ waitFor: Selector, timeoutMs: z.number().int().positive().max(120_000).optional() }).strict(),
    z.object({ localStorage: z.record(z.string(), z.string()) }).strict(),
    z.object({ sessionStorage: z.record(z.string(), z.string()) }).strict(),
    z.object({ cookie: z.object({ name: z.string().min(1), value: z.string(), path: z.string().optional() }).strict() }).strict(),
  ],
  { error: 'expected one step: { goto }, { fill, value }, { select, value }, { click }, { waitFor }, { localStorage }, { sessionStorage } or { cookie }' },
);
export type Step = z.infer<typeof Step>;

/** How a session starts: steps from a page, in the browser profile every page behind the login is then audited in. */
export const Login = z
  .object({
    /** Where the steps start. Listed among the pages, it is audited without a session. */
    page: Path,
    steps: z.array(Step).min(1, 'expected at least one step'),
  })
  .strict();
export type Login = z.infer<typeof Login>;

/** A Lighthouse user flow: the page is loaded unmeasured, then the steps run inside one measured timespan. */
export const Flow = z
  .object({
    name: z.string().regex(/^[\w .:/-]+$/, 'expected a short name of letters, digits, spaces and . : / -'),
    page: Path,
    /** Waited for after loading the page and before the timespan starts (the page ready for input). */
    ready: Selector.optional(),
    steps: z.array(Step).min(1, 'expected at least one step'),
  })
  .strict();
export type Flow = z.infer<typeof Flow>;

export const FormFactorSetting = z.enum(['mobile', 'desktop', 'both']);
export type FormFactor = 'mobile' | 'desktop';

export const LighthouseSettings = z
  .object({
    /** Base URL; defaults to the target's URL. */
    url: z
      .string()
      .regex(/^https?:\/\//, 'expected an http(s) URL')
      .optional(),
    /** Paths below the base URL (or absolute URLs). */
    pages: z.array(Path).min(1, 'expected at least one page path such as "/"').default(['/']),
    /** Lighthouse runs per page, form factor and flow; each run is one statistical sample. */
    runs: z.number().int().positive().max(MAX_RUNS).default(5),
    /** 'mobile' (Lighthouse's default: Moto G Power, simulated slow 4G, 4x CPU), 'desktop', or 'both' in one run. */
    formFactor: FormFactorSetting.default('mobile'),
    lanes: Lanes.default('auto'),
    login: Login.optional(),
    flows: z.array(Flow).default([]),
    /** JavaScript evaluated in every audited document before its own scripts (a third party, a slow widget, a test's block). */
    pageScript: z.string().min(1, 'expected JavaScript source').optional(),
    /** Where pageScript came from, for the result. */
    pageScriptFile: z.string().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const names = new Set<string>();
    s.flows.forEach((f, i) => {
      if (names.has(f.name)) ctx.addIssue({ code: 'custom', path: ['flows', i, 'name'], message: `"${f.name}" names two flows` });
      names.add(f.name);
    });
  });
export type LighthouseSettings = z.infer<typeof LighthouseSettings>;
/** Settings as written in a config or defaults file (defaults not yet applied). */
export type LighthouseSettingsInput = z.input<typeof LighthouseSettings>;

/**
 * A config value given inline or as the name of a file holding it. An inline value that is wrong is reported as
 * that value's own first problem (`steps[0]: expected one step …`), not as "matches neither".
 */
export function inlineOrFile<T extends z.ZodType>(schema: T) {
  return z.union([z.string().min(1, 'expected a file name'), schema], {
    error: (issue) => {
      if (typeof issue.input === 'string') return undefined;
      const inline = (issue as { errors?: { path: PropertyKey[]; message: string }[][] }).errors?.[1]?.[0];
      if (!inline) return undefined;
      const path = inline.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
      return path ? `${path}: ${inline.message}` : inline.message;
    },
  });
}

export function formFactors(setting: LighthouseSettings['formFactor']): FormFactor[] {
  return setting === 'both' ? ['mobile', 'desktop'] : [setting];
}
