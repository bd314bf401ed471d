// The retry policy of failed orders, kept in `<dir>/retries.json`: backoff per name (1 min … 6 h), a CA's
// rate limit waited out to the time it gives, and after a refused order the staging directory first.
import path from 'node:path';
import { SummonerError, hasCode, isSummonerError } from '../../errors.js';
import { readJson, writeJson } from './ledger.js';

export interface RetryState {
  failures: number;
  retryAt: number;
  /** After a failure: prove the setup on the staging directory before production. */
  staging: boolean;
  error: string;
}

const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 6 * 3600_000];

export class RetryPolicy {
  private readonly file: string;
  private readonly retries: Record<string, RetryState>;

  constructor(dir: string) {
    this.file = path.join(dir, 'retries.json');
    this.retries = readJson<Record<string, RetryState>>(this.file, {});
  }

  get(name: string): RetryState | undefined {
    return this.retries[name];
  }

  names(): string[] {
    return Object.keys(this.retries);
  }

  /** The earliest planned retry (ms since the epoch), or undefined when nothing waits. */
  next(): number | undefined {
    const next = Math.min(...Object.values(this.retries).map((r) => r.retryAt));
    return Number.isFinite(next) ? next : undefined;
  }

  /** The name has its certificate: nothing to retry. */
  succeeded(name: string): void {
    delete this.retries[name];
    this.save();
  }

  /** Record a failure and plan its retry; says the state and the error to throw. */
  failed(name: string, err: unknown, now: number, hasStaging: boolean): { state: RetryState; error: SummonerError } {
    const prev = this.retries[name];
    const limited = hasCode(err, 'certs.rate_limited') ? err.detail?.retryAt : undefined;
    const failures = (prev?.failures ?? 0) + (limited ? 0 : 1);
    const retryAt = limited ?? now + BACKOFF_MS[Math.min(failures, BACKOFF_MS.length) - 1]!;
    const error = isSummonerError(err) ? err.message : `the CA answered: ${String((err as Error)?.message ?? err).slice(0, 300)}`;
    const preflightOnly = isSummonerError(err) && err.code === 'certs.preflight';
    const state: RetryState = {
      failures,
      retryAt,
      // a refused order, an unreachable CA, a failed validation: prove it works on staging before spending production's budget
      staging: preflightOnly || limited ? (prev?.staging ?? false) : hasStaging,
      error,
    };
    this.retries[name] = state;
    this.save();
    const at = new Date(retryAt).toISOString();
    if (isSummonerError(err)) {
      return { state, error: new SummonerError(err.code, `${err.message}; next try at ${at}`, { hint: err.hint ?? 'the app answers on HTTP meanwhile', cause: err }) };
    }
    return {
      state,
      error: new SummonerError('certs.ca_error', `the CA did not issue a certificate for ${name}: ${error}; next try at ${at}`, {
        hint: 'the app answers on HTTP meanwhile; `certs` shows the state',
        cause: err,
      }),
    };
  }

  private save(): void {
    writeJson(this.file, this.retries);
  }
}
