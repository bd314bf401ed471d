// A step and the clean-up that must follow it (containers started again, a database stopped again): the
// clean-up always runs and sees the step's error; when both fail, both are kept (offen's errors.Join), so a
// restart that fails inside the clean-up never hides why the step failed.
import { SummonerError, isSummonerError } from '../../errors.js';

export async function withCleanup<T>(work: () => Promise<T>, cleanup: (error: unknown) => Promise<void>): Promise<T> {
  let value: T;
  try {
    value = await work();
  } catch (err) {
    try {
      await cleanup(err);
    } catch (cleanupErr) {
      throw bothFailed(err, cleanupErr);
    }
    throw err;
  }
  await cleanup(undefined);
  return value;
}

/** One coded error saying both failures, with both kept in an AggregateError (its cause), the step's first. */
export function bothFailed(err: unknown, cleanupErr: unknown): SummonerError {
  const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));
  const code = isSummonerError(err) ? err.code : 'backup.failed';
  return new SummonerError(code, `${msg(err)}; and the clean-up after it failed too: ${msg(cleanupErr)}`, {
    cause: new AggregateError([err, cleanupErr], 'the step and its clean-up both failed'),
    ...(isSummonerError(err) && err.hint ? { hint: err.hint } : {}),
  });
}
