// The manifest beside every backup (`<file>.json`): what it is, how it was made, its sha256, and the
// tables with their row counts at dump time (what `verify` checks a restore against). A backup counts only
// with its manifest: a file without one is an interrupted run and is never listed or restored.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DbType } from '../types.js';
import type { Codec } from './compress.js';

export interface VerifyRecord {
  at: string;
  ok: boolean;
  detail: string;
}

export interface Manifest {
  version: 1;
  app: string;
  kind: 'dump' | 'cold';
  type?: DbType;
  /** A dump of a database beyond the minion's first: its compose service (absent: the first database). */
  service?: string;
  /** The backup run it belongs to: a minion with several databases gets one dump of each per run, restored together. */
  run?: string;
  /** File name in `<backupRoot>/<app>/`. */
  file: string;
  createdAt: string;
  /** Why it was taken: manual, schedule, update, pre-restore, purge... */
  reason: string;
  tool?: string;
  toolVersion?: string;
  serverVersion?: string;
  database?: string;
  codec?: Codec;
  level?: number;
  /** Size on disk. */
  bytes: number;
  /** Uncompressed size (dumps). */
  rawBytes?: number;
  sha256: string;
  durationMs: number;
  /** How long counting the rows took (it runs beside the dump). */
  countMs?: number;
  mbPerS?: number;
  /** Row counts per table, in the dump's snapshot. */
  tables?: Record<string, number>;
  /** Order-free checksum of each table's rows, in the dump's snapshot (see fingerprint.ts). */
  checksums?: Record<string, string>;
  /** How `tables`/`checksums` were taken: from the dump stream, or in the dump's exported snapshot. */
  fingerprint?: 'dump-stream' | 'snapshot' | 'counts';
  /** physical: a copy of the server's files (mariadb-backup), not a logical dump (see physical.ts). */
  method?: 'physical';
  /** physical: the server's data directory the copy goes back into. */
  datadir?: string;
  /** physical: the app database's tables at copy time (a restore checks they are all there). */
  tableNames?: string[];
  /** Columns the logical dump does not keep exactly (`table.column (type)`). */
  lossy?: string[];
  /** A copy Summoner took of the state it was about to change (before restore, update, rollback, purge): never picked by a date or `latest`, pruned by `backup.retention.safetyDays`. */
  safety?: boolean;
  /** Cold copies: how long the app was down. */
  downtimeMs?: number;
  /** Warnings for the report: empty, suspiciously small... */
  flags: string[];
  verified?: VerifyRecord;
  offsite?: { target: string; at: string; sha256: string; encrypted: boolean };
}

/** 20261122T101500Z */
export const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

export const manifestPath = (file: string) => `${file}.json`;

/** Written whole (temp + rename), 0600. */
export async function writeManifest(file: string, m: Manifest): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(m, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(tmp, file);
}

export interface BackupEntry {
  manifest: Manifest;
  /** Full path of the backup file. */
  path: string;
}

/** Backups of an app with a manifest whose file exists, oldest first. */
export async function listBackups(backupRoot: string, app: string): Promise<BackupEntry[]> {
  const dir = path.resolve(backupRoot, app);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const out: BackupEntry[] = [];
  for (const n of names) {
    if (!n.endsWith('.json') || n.endsWith('.partial.json')) continue;
    const file = path.join(dir, n.slice(0, -'.json'.length));
    try {
      const m = JSON.parse(await fs.readFile(path.join(dir, n), 'utf8')) as Manifest;
      if (m.version !== 1 || m.app !== app || m.file !== path.basename(file)) continue;
      await fs.stat(file);
      out.push({ manifest: m, path: file });
    } catch {
      /* not a manifest of ours, or its file is gone */
    }
  }
  return out.sort((a, b) => a.manifest.createdAt.localeCompare(b.manifest.createdAt) || a.manifest.file.localeCompare(b.manifest.file));
}

/** A copy Summoner took of a state it was about to change (older manifests: the reason says it). */
export const isSafety = (m: Manifest) => m.safety === true || m.reason === 'pre-restore';

/**
 * Pick a backup: `latest` (or nothing), or a timestamp prefix in either form (`2026-11-20`, `20261120T10`,
 * `2026-11-20T10:15`), or a file name. Safety copies are picked only by their file name. A prefix that
 * matches several backups picks the only manual one among them; otherwise it is a question: `ambiguous`
 * lists the candidates, newest first.
 */
export function choose(list: BackupEntry[], which: string | undefined, kind?: Manifest['kind']): { pick?: BackupEntry; ambiguous?: BackupEntry[] } {
  const exact = list.find((b) => b.manifest.file === which && (!kind || b.manifest.kind === kind));
  if (exact) return { pick: exact };
  const pool = list.filter((b) => (!kind || b.manifest.kind === kind) && !isSafety(b.manifest));
  if (!which || which === 'latest') return pool.length ? { pick: pool[pool.length - 1]! } : {};
  const want = which.replace(/[-:]/g, '').replace(/\.\d+/, '');
  const matches = [...pool].reverse().filter((b) => stamp(new Date(b.manifest.createdAt)).startsWith(want));
  if (matches.length <= 1) return matches.length ? { pick: matches[0]! } : {};
  const manual = matches.filter((b) => b.manifest.reason === 'manual');
  if (manual.length === 1) return { pick: manual[0]! };
  return { ambiguous: matches };
}

/** {@link choose} without the question: the newest match (tests, old callers). */
export function pickBackup(list: BackupEntry[], which: string | undefined, kind?: Manifest['kind']): BackupEntry | undefined {
  const c = choose(list, which, kind);
  return c.pick ?? c.ambiguous?.[0];
}

/** A size in words for people: kB, MB or GB. */
export const mb = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`);

/**
 * What names one backup for people, the edge saying it in the reader's language (the replies' BackupWords):
 * file; for a safety copy, what it was taken before; why, kind, database, physical or not; time (UTC) and size.
 */
export function backupFacts(b: BackupEntry) {
  const m = b.manifest;
  return {
    file: m.file,
    ...(isSafety(m) ? { safetyBefore: m.reason } : {}),
    reason: m.reason,
    kind: m.kind,
    ...(m.type ? { db: `${m.type}${m.service ? ` ${m.service}` : ''}` } : {}),
    ...(m.method === 'physical' ? { physical: true as const } : {}),
    at: m.createdAt.slice(0, 19).replace('T', ' '),
    size: mb(m.bytes),
  };
}

/** One backup in the core's words (English), for its own messages: file, time, kind and size. */
export function describeBackup(b: BackupEntry): string {
  const f = backupFacts(b);
  return `${f.file} (${f.safetyBefore ? `safety copy before ${f.safetyBefore === 'pre-restore' ? 'a restore' : f.safetyBefore}` : `${f.reason} ${f.kind}`}${f.db ? `, ${f.db}` : ''}, taken ${f.at} UTC, ${f.size})`;
}
