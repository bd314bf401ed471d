// The one error class and its closed list of codes (src/errors.ts).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { ERROR_CODES, SummonerError, hasCode, isErrorCode, isSummonerError, withCleanupError } from '../src/errors.js';
import { RecipeError } from '../src/notify/recipes.js';

describe('error codes', () => {
  it('are one closed list in one spelling, module.snake_case', () => {
    const misspelt = ERROR_CODES.filter((c) => !/^[a-z]+(\.[a-z]+(_[a-z]+)*)?$/.test(c));
    expect(misspelt).toEqual([]);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('a code from outside is ours only if it is on the list', () => {
    expect(isErrorCode('engine.unreachable')).toBe(true);
    expect(isErrorCode('engine.Unreachable')).toBe(false);
    expect(isErrorCode('minion.bad-name')).toBe(false); // the old spelling is gone
    expect(isErrorCode(42)).toBe(false);
  });

  it('typed detail instead of fields assigned onto the error', () => {
    const e: unknown = new SummonerError('certs.rate_limited', 'not now', { detail: { retryAt: 1234 } });
    expect(hasCode(e, 'certs.rate_limited') && e.detail?.retryAt).toBe(1234);
    expect(hasCode(e, 'engine.exec_failed')).toBe(false);
    expect(Object.keys(e as object)).not.toContain('retryAt');
  });

  it('a run and its cleanup both failing keeps both errors, the run first, with the run code', () => {
    const run = new SummonerError('backup.dump_failed', 'pg_dump exited with 1', { hint: 'see the logs' });
    const cleanup = new SummonerError('engine.unreachable', 'could not restart db');
    const e = withCleanupError(run, cleanup);
    expect(hasCode(e, 'backup.dump_failed')).toBe(true);
    const s = e as SummonerError;
    expect(s.hint).toBe('see the logs');
    expect(s.message).toContain('could not restart db');
    expect(s.cause).toBeInstanceOf(AggregateError);
    expect((s.cause as AggregateError).errors).toEqual([run, cleanup]);
    // a run error that is not ours: both kept in an AggregateError
    const plain = withCleanupError(new Error('boom'), cleanup);
    expect(plain).toBeInstanceOf(AggregateError);
    expect((plain as AggregateError).errors.map((x: Error) => x.message)).toEqual(['boom', 'could not restart db']);
  });

  it('one class: config and recipe errors are SummonerErrors with codes', () => {
    let caught: unknown;
    try {
      loadConfig('/nonexistent/summoner.yml');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(isSummonerError(caught) && caught.code).toBe('config.invalid');
    expect(new RecipeError('x').code).toBe('notify.recipe_invalid');
  });
});
