// What Summoner asked of each CA, kept so it stays inside the CA's published rate limits (Let's Encrypt:
// 50 certificates per registered domain per week, 5 duplicate certificates per week, 5 failed validations
// per account and host name per hour, 300 new orders per 3 hours). The budget check is pure; the ledger
// is a small JSON file under <stateDir>/acme/ (entries older than 8 days are dropped).
import fs from 'node:fs';
import path from 'node:path';
import type { CertificatesConfig } from '../../config/schema.js';

export type Directory = 'production' | 'staging';

export interface LedgerEntry {
  at: number;
  name: string;
  kind: 'order' | 'failed' | 'issued';
  directory: Directory;
}

export type Limits = CertificatesConfig['limits'];

const HOUR = 3600_000;
const WEEK = 7 * 24 * HOUR;

/**
 * The registered domain a CA counts certificates against. Without the Public Suffix List this takes the
 * last two labels, which over-counts under suffixes such as co.uk: the safe side of a limit.
 */
export function registeredDomain(name: string): string {
  return name.split('.').slice(-2).join('.');
}

export type Budget = { ok: true } | { ok: false; reason: string; retryAt: number };

/** May we place one more order for `name` on `directory` now? When not: why, and from when on. */
export function budget(entries: readonly LedgerEntry[], name: string, directory: Directory, now: number, limits: Limits): Budget {
  const mine = entries.filter((e) => e.directory === directory);
  const within = (ms: number, pred: (e: LedgerEntry) => boolean) => mine.filter((e) => e.at > now - ms && pred(e)).sort((a, b) => a.at - b.at);
  const rules: { list: LedgerEntry[]; limit: number; window: number; why: string }[] = [
    {
      list: within(HOUR, (e) => e.kind === 'failed' && e.name === name),
      limit: limits.failedValidationsPerHour,
      window: HOUR,
      why: `${limits.failedValidationsPerHour} failed validations for ${name} in the last hour (the CA allows ${limits.failedValidationsPerHour} per hour)`,
    },
    {
      list: within(WEEK, (e) => e.kind === 'issued' && e.name === name),
      limit: limits.duplicateCertsPerWeek,
      window: WEEK,
      why: `${limits.duplicateCertsPerWeek} certificates for exactly ${name} this week (the CA allows ${limits.duplicateCertsPerWeek} duplicates per week)`,
    },
    {
      list: within(WEEK, (e) => e.kind === 'issued' && registeredDomain(e.name) === registeredDomain(name)),
      limit: limits.certsPerDomainPerWeek,
      window: WEEK,
      why: `${limits.certsPerDomainPerWeek} certificates under ${registeredDomain(name)} this week (the CA allows ${limits.certsPerDomainPerWeek} per registered domain per week)`,
    },
    {
      list: within(3 * HOUR, (e) => e.kind === 'order'),
      limit: limits.ordersPer3Hours,
      window: 3 * HOUR,
      why: `${limits.ordersPer3Hours} new orders in the last 3 hours (the CA allows ${limits.ordersPer3Hours})`,
    },
  ];
  let worst: { reason: string; retryAt: number } | undefined;
  for (const r of rules) {
    if (r.list.length < r.limit) continue;
    // the budget frees up when the oldest counted entry leaves the window
    const retryAt = r.list[r.list.length - r.limit]!.at + r.window;
    if (!worst || retryAt > worst.retryAt) worst = { reason: r.why, retryAt };
  }
  return worst ? { ok: false, ...worst } : { ok: true };
}

export class Ledger {
  private entries: LedgerEntry[];
  constructor(private readonly file: string) {
    this.entries = readJson<LedgerEntry[]>(file, []);
  }
  all(): readonly LedgerEntry[] {
    return this.entries;
  }
  add(e: LedgerEntry): void {
    this.entries = [...this.entries.filter((x) => x.at > e.at - 8 * 24 * HOUR), e];
    writeJson(this.file, this.entries);
  }
}

export function readJson<T>(file: string, fallback: T): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/** Write-then-rename, 0600: a crash never leaves half a file. */
export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 1), { mode: 0o600 });
  fs.renameSync(tmp, file);
}
