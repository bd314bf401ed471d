// A backup step and its clean-up (containers started again, a database stopped again): the clean-up always
// runs and sees the step's error; when both fail, both are kept (STYLE §12, offen's errors.Join), so a restart
// failing in the clean-up never replaces why the step failed.
import { describe, expect, it } from 'vitest';
import { withCleanup } from '../src/core/backup/cleanup.js';
import { SummonerError } from '../src/errors.js';

describe('a step and its clean-up', () => {
  it('step ok: the clean-up runs, seeing no error, and the value comes back', async () => {
    const seen: unknown[] = [];
    await expect(withCleanup(async () => 42, async (e) => void seen.push(e))).resolves.toBe(42);
    expect(seen).toEqual([undefined]);
  });

  it("step failed: the clean-up runs, sees the step's error, and that error is what is thrown", async () => {
    const step = new SummonerError('backup.dump_failed', 'the dump stopped half way');
    const seen: unknown[] = [];
    await expect(withCleanup(() => Promise.reject(step), async (e) => void seen.push(e))).rejects.toBe(step);
    expect(seen).toEqual([step]);
  });

  it('step ok, clean-up failed: the clean-up error is thrown (the app is not running again)', async () => {
    const start = new SummonerError('app.unhealthy', 'wekan did not come back healthy');
    await expect(withCleanup(async () => 1, () => Promise.reject(start))).rejects.toBe(start);
  });

  it("both failed: one coded error saying both, the step's code and hint, both kept in an AggregateError", async () => {
    const step = new SummonerError('backup.failed', 'the cold copy of wekan failed: ENOSPC', { hint: 'free some disk' });
    const start = new SummonerError('app.unhealthy', 'wekan did not come back healthy');
    const err = await withCleanup(() => Promise.reject(step), () => Promise.reject(start)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SummonerError);
    expect(err).toMatchObject({ code: 'backup.failed', hint: 'free some disk' });
    expect((err as Error).message).toBe('the cold copy of wekan failed: ENOSPC; and the clean-up after it failed too: wekan did not come back healthy');
    const cause = (err as Error).cause;
    expect(cause).toBeInstanceOf(AggregateError);
    expect((cause as AggregateError).errors).toEqual([step, start]);
  });

  it('an error that is not ours keeps its place: the code is backup.failed, the original kept first', async () => {
    const raw = new TypeError('x is undefined');
    const err = await withCleanup(() => Promise.reject(raw), () => Promise.reject(new Error('stop failed'))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'backup.failed', message: 'x is undefined; and the clean-up after it failed too: stop failed' });
    expect(((err as Error).cause as AggregateError).errors[0]).toBe(raw);
  });
});
