// Reading payload fields defensively: a built-in post names only what the payload has, never a blank.
import { link, linkMarkup, plainInline, plainLine } from '../plain.js';

export type Obj = Record<string, unknown>;

export const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
/** A non-empty string (numbers as text), else undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined);
export const first = (...vs: unknown[]): string | undefined => {
  for (const v of vs) {
    const s = str(v);
    if (s !== undefined) return s;
  }
  return undefined;
};

/** `label` as a link to `url` when there is one; plain text otherwise; undefined without a label. */
export const linked = (label: unknown, url: unknown): string | undefined => (str(label) === undefined ? undefined : link(label, url));
/** `#12 title` (or `!12 title`) linked: the number as the sender gives it when it is one, the title as plain text. */
export function numbered(sign: '#' | '!', num: unknown, title: unknown, url: unknown): string {
  const n = str(num);
  const label = `${n && /^\d{1,12}$/.test(n) ? `${sign}${n} ` : ''}${plainLine(str(title) ?? '(no title)')}`;
  return linkMarkup(label, url);
}

/** `**value**` as plain text, or undefined. */
export const bold = (v: unknown): string | undefined => (str(v) === undefined ? undefined : `**${plainInline(v)}**`);
/** Words joined with spaces, the missing ones left out (never "on  by"). */
export const words = (...parts: (string | undefined | false)[]): string => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');

/** A ref as the branch or tag it names. */
export function refName(ref: unknown): { kind: 'branch' | 'tag' | 'ref'; name: string } | undefined {
  const r = str(ref);
  if (!r) return undefined;
  if (r.startsWith('refs/heads/')) return { kind: 'branch', name: r.slice(11) };
  if (r.startsWith('refs/tags/')) return { kind: 'tag', name: r.slice(10) };
  return { kind: 'ref', name: r };
}

export interface Commit {
  id?: string;
  message?: string;
  url?: string;
  author?: string;
}

/** A list of commits, at most `max` lines then "… and N more" (a push of 200 commits is one short post). */
export function commitLines(commits: readonly Commit[], total: number, max = 5): string {
  const shown = commits.slice(0, max).map((c) => {
    const sha = c.id && /^[0-9a-f]{7,64}$/i.test(c.id) ? linked(c.id.slice(0, 7), c.url) : undefined;
    return `- ${words(sha, plainLine(c.message ?? '(no message)'), c.author ? `(${plainInline(c.author)})` : undefined)}`;
  });
  const more = total - shown.length;
  return [...shown, ...(more > 0 ? [`- … and ${more} more`] : [])].join('\n');
}

/** A short duration: 42s, 3m 5s, 1h 2m. */
export function duration(seconds: unknown): string | undefined {
  const s = typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds) : undefined;
  if (s === undefined) return undefined;
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** Seconds between two ISO times, or undefined. */
export function secondsBetween(a: unknown, b: unknown): number | undefined {
  const x = Date.parse(String(a));
  const y = Date.parse(String(b));
  return Number.isFinite(x) && Number.isFinite(y) && y >= x ? (y - x) / 1000 : undefined;
}
