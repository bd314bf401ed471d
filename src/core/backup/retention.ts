// Retention, pure: which backups a policy keeps. Keep the newest `keepLast`; plus, for each of the newest
// `daily` days (UTC), `weekly` ISO weeks and `monthly` months that have a backup, the newest backup of that
// period (restic's --keep-daily/weekly/monthly). The newest backup that verified is never deleted, and a
// prune that would delete more than `maxPruneShare` of them needs a confirmation.

export interface RetentionItem {
  id: string;
  at: Date;
  verified: boolean;
}

export interface RetentionPolicy {
  keepLast: number;
  daily: number;
  weekly: number;
  monthly: number;
  maxPruneShare: number;
}

export interface RetentionPlan<T extends RetentionItem> {
  keep: { item: T; reasons: string[] }[];
  remove: T[];
  /** More than the usual share would go: show the plan and ask first. */
  needsConfirmation: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayKey = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const monthKey = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;

/** ISO 8601 week (`2026-W48`), UTC. */
export function isoWeekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow); // the Thursday of this week decides the year
  const yearStart = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((t.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${pad(week)}`;
}

export function planRetention<T extends RetentionItem>(items: readonly T[], policy: RetentionPolicy): RetentionPlan<T> {
  const newestFirst = [...items].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id));
  const reasons = new Map<T, string[]>();
  const mark = (it: T, why: string) => reasons.set(it, [...(reasons.get(it) ?? []), why]);

  newestFirst.slice(0, policy.keepLast).forEach((it, i) => mark(it, `last ${i + 1}`));
  const buckets = (n: number, key: (d: Date) => string, label: string) => {
    const seen = new Set<string>();
    for (const it of newestFirst) {
      if (seen.size >= n) break;
      const k = key(it.at);
      if (seen.has(k)) continue;
      seen.add(k);
      mark(it, `${label} ${k}`);
    }
  };
  buckets(policy.daily, dayKey, 'daily');
  buckets(policy.weekly, isoWeekKey, 'weekly');
  buckets(policy.monthly, monthKey, 'monthly');
  const newestVerified = newestFirst.find((it) => it.verified);
  if (newestVerified) mark(newestVerified, 'newest verified');

  const keep = newestFirst.filter((it) => reasons.has(it)).map((item) => ({ item, reasons: reasons.get(item)! }));
  const remove = newestFirst.filter((it) => !reasons.has(it));
  return { keep, remove, needsConfirmation: items.length > 0 && remove.length / items.length > policy.maxPruneShare };
}
