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
  /** Row counts per table at dump time. */
  tables?: Record<string, number>;
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

/**
 * Pick a backup: `latest` (or nothing), or a timestamp prefix in either form (`2026-11-20`, `20261120T10`,
 * `2026-11-20T10:15`): the newest that matches.
 */
export function pickBackup(list: BackupEntry[], which: string | undefined, kind?: Manifest['kind']): BackupEntry | undefined {
  const pool = kind ? list.filter((b) => b.manifest.kind === kind) : list;
  if (!which || which === 'latest') return pool[pool.length - 1];
  const exact = pool.find((b) => b.manifest.file === which);
  if (exact) return exact;
  const want = which.replace(/[-:]/g, '').replace(/\.\d+/, '');
  return [...pool].reverse().find((b) => stamp(new Date(b.manifest.createdAt)).startsWith(want));
}
