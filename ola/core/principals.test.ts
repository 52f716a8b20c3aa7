import { describe, expect, it } from 'vitest';
import { fromEnv, loadConfig } from './config.ts';
import { OlaError } from './errors.ts';
import { parsePrincipals } from './principals.ts';

const SECRET = 'Zq8rT2wX9vB4nM6kL1pJ';

/** the config error a bad environment gives, or undefined */
function configError(env: NodeJS.ProcessEnv): OlaError | undefined {
  try {
    loadConfig(fromEnv(env));
    return undefined;
  } catch (err) {
    return err as OlaError;
  }
}

describe('operators and submitters from the environment', () => {
  it('reads comma-separated name:token pairs; a token may hold a colon-free base64 alphabet', () => {
    const c = loadConfig(fromEnv({ OLA_OPERATOR_TOKENS: ` alice:${SECRET} , bob:${SECRET}x+/=,`, OLA_SUBMITTER_TOKENS: `ci-bot@lab:${SECRET}_sub` }));
    expect(c.auth.operators).toEqual([
      { name: 'alice', token: SECRET },
      { name: 'bob', token: `${SECRET}x+/=` },
    ]);
    expect(c.auth.submitters.map((s) => s.name)).toEqual(['ci-bot@lab']);
  });

  it('configures nobody when the variables are unset or blank', () => {
    expect(loadConfig(fromEnv({})).auth).toEqual({ operators: [], submitters: [] });
    expect(loadConfig(fromEnv({ OLA_OPERATOR_TOKENS: '  ', OLA_SUBMITTER_TOKENS: '' })).auth).toEqual({ operators: [], submitters: [] });
    expect(parsePrincipals(undefined, 'X', 'x')).toBeUndefined();
  });

  it.each([
    ['an entry without a name', { OLA_OPERATOR_TOKENS: `:${SECRET}` }, 'OLA_OPERATOR_TOKENS: entry 1 is not name:token'],
    ['an entry without a token', { OLA_OPERATOR_TOKENS: `alice:${SECRET},bob:` }, 'OLA_OPERATOR_TOKENS: entry 2 is not name:token'],
    ['a bare token', { OLA_SUBMITTER_TOKENS: SECRET }, 'OLA_SUBMITTER_TOKENS: entry 1 is not name:token'],
    ['a short token', { OLA_OPERATOR_TOKENS: 'alice:short' }, 'at least 16 characters'],
    ['a token with a space', { OLA_OPERATOR_TOKENS: `alice:${SECRET} ${SECRET}` }, 'letters, digits'],
    ['a name with a space', { OLA_OPERATOR_TOKENS: `al ice:${SECRET}` }, 'a name of letters'],
    ['one token for two people', { OLA_OPERATOR_TOKENS: `alice:${SECRET}`, OLA_SUBMITTER_TOKENS: `sam:${SECRET}` }, 'a token is listed twice (operators alice and submitters sam)'],
  ])('refuses %s, naming the field but never the token', (_what, env, says) => {
    const e = configError(env);
    expect(e).toBeInstanceOf(OlaError);
    expect(e!.code).toBe('OLA_ERR_CONFIG');
    expect(e!.message).toContain(says);
    expect(e!.detail.field).toMatch(/^auth/);
    expect(JSON.stringify(e)).not.toContain(SECRET);
    expect(e!.message).not.toContain('short');
  });
});
