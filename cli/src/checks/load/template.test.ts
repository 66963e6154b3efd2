import { describe, expect, it } from 'vitest';
import { fillTemplate, missingVar, placeholderProblem, placeholdersIn } from './template.ts';

const ctx = { vars: { token: 'abc', user: { id: 7 }, nested: '{{seq}}' }, seq: 3, uuid: 'u-1' };

describe('placeholderProblem', () => {
  it('accepts the known placeholders, spaces inside the braces included', () => {
    expect(placeholderProblem('/a/{{uuid}}/{{ seq }}?t={{vars.token}}&u={{vars.user.id}}&h={{env.HOME_X}}', { HOME_X: '1' })).toBeUndefined();
  });

  it.each(['{{nope}}', '{{vars}}', '{{vars.}}', '{{env.}}', '{{ vars token }}', '{{}}', '{{UUID}}'])('names %s as unknown and lists the known ones', (text) => {
    expect(placeholderProblem(`/x?q=${text}`, {})).toBe(`unknown placeholder {{${placeholdersIn(text)[0]}}}; expected {{uuid}}, {{seq}}, {{vars.NAME}} or {{env.NAME}}`);
  });

  it('names an environment variable that is not set, or set to nothing as CI does with a missing secret', () => {
    expect(placeholderProblem('Bearer {{env.API_TOKEN}}', {})).toBe('{{env.API_TOKEN}}: environment variable API_TOKEN is not set (or is empty)');
    expect(placeholderProblem('Bearer {{env.API_TOKEN}}', { API_TOKEN: '' })).toMatch(/API_TOKEN is not set/);
    expect(placeholderProblem('Bearer {{env.API_TOKEN}}', { API_TOKEN: 's3cret' })).toBeUndefined();
  });
});

describe('missingVar', () => {
  it('names the first var, nested or not, that setup did not return', () => {
    expect(missingVar('{{vars.token}} {{vars.user.id}}', ctx.vars)).toBeUndefined();
    expect(missingVar('{{vars.token}} {{vars.user.name}}', ctx.vars)).toBe('user.name');
    expect(missingVar('{{ vars.session }}', {})).toBe('session');
  });
});

describe('fillTemplate', () => {
  it('fills uuid, seq, vars and env', () => {
    process.env.PERFGATE_TEMPLATE_TEST = 'from-env';
    try {
      expect(fillTemplate('{{uuid}} {{seq}} {{vars.token}} {{vars.user.id}} {{env.PERFGATE_TEMPLATE_TEST}}', ctx)).toBe('u-1 3 abc 7 from-env');
    } finally {
      delete process.env.PERFGATE_TEMPLATE_TEST;
    }
  });

  it('does not fill a value again: a var holding "{{seq}}" is sent as it is', () => {
    expect(fillTemplate('{{vars.nested}}', ctx)).toBe('{{seq}}');
  });
});
