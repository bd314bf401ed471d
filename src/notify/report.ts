// The status report: one readable post with each minion's health, version and URL (from the engine), disk
// use of the data and backup roots, the last backup per app (the backup catalog's manifests, or the cold
// copies), certificates close to expiry (when a certificate module is plugged in) and the scheduled jobs that
// failed since the last report. Used by the `report` command and schedulable like any command.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { MinionStatus } from '../core/services.js';
import type { Lang } from '../i18n/messages.js';
import { replies, type Replies } from '../i18n/replies.js';

export interface CertificateInfo {
  name: string;
  notAfter: string;
  daysLeft: number;
}

export interface LastBackup {
  at: number;
  ok: boolean;
  /** Its kind in the core's words (`dump`, `cold`…), said as it is. */
  what: string;
  /** A cold copy found by its file alone (no manifest): the report names it in the reader's language. */
  coldFile?: true;
  bytes?: number;
  error?: string;
}

export interface ReportDeps {
  /** The engine's view (core.services.status); absent without an engine. */
  status?: () => Promise<MinionStatus[]>;
  dataRoot: string;
  backupRoot: string;
  /** Issue 4's certificate module, when connected. */
  certificates?: () => Promise<CertificateInfo[]>;
  /** The backup module's catalog, when connected; by default the files under backupRoot are read. */
  lastBackup?: (app: string) => Promise<LastBackup | undefined>;
  failuresSince?: (at: number) => { job: string; at: number; error: string }[];
  /** Where the time of the last report is kept. */
  kv: { get(key: string): string | undefined; set(key: string, value: string): void };
  expiryWarningDays?: number;
  now?: () => number;
}

const LAST_REPORT = 'report.lastAt';
type ReportWords = Replies['report'];

const when = (ms: number) => `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`;

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

async function diskLine(r: ReportWords, label: string, dir: string): Promise<string> {
  try {
    const s = await fs.statfs(dir);
    const total = s.blocks * s.bsize;
    const free = s.bavail * s.bsize;
    const used = total - s.bfree * s.bsize;
    const pct = total ? Math.round((used / total) * 100) : 0;
    return `${r.disk(label, dir, formatBytes(used), formatBytes(total), pct, formatBytes(free))}${pct >= 90 ? ' :warning:' : ''}`;
  } catch {
    return r.diskMissing(label, dir);
  }
}

/**
 * The newest backup under `<backupRoot>/<app>/`: a manifest (`*.json`, the backup module's catalog) when there
 * is one, else the newest cold copy (`*-cold.tar.gz`).
 */
export async function readLastBackup(backupRoot: string, app: string): Promise<LastBackup | undefined> {
  const dir = path.join(backupRoot, app);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return undefined;
  }
  const stamp = async (n: string) => ({ n, mtime: (await fs.stat(path.join(dir, n))).mtimeMs });
  const manifests = (await Promise.all(names.filter((n) => n.endsWith('.json')).map(stamp))).sort((a, b) => b.mtime - a.mtime);
  for (const m of manifests) {
    try {
      const j = JSON.parse(await fs.readFile(path.join(dir, m.n), 'utf8')) as Record<string, unknown>;
      const t = [j.finishedAt, j.at, j.createdAt, j.startedAt, j.time].find((x) => typeof x === 'string' || typeof x === 'number');
      const at = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : m.mtime;
      const status = String(j.status ?? j.result ?? j.outcome ?? (j.ok === false ? 'failed' : 'ok')).toLowerCase();
      const ok = !/fail|error|incomplete/.test(status);
      const bytes = typeof j.bytes === 'number' ? j.bytes : typeof j.size === 'number' ? j.size : undefined;
      const error = typeof j.error === 'string' ? j.error : undefined;
      return { at: Number.isFinite(at) ? at : m.mtime, ok, what: String(j.kind ?? j.type ?? m.n), ...(bytes !== undefined ? { bytes } : {}), ...(error ? { error } : {}) };
    } catch {
      continue; // a manifest being written, or not ours: try the next
    }
  }
  const cold = (await Promise.all(names.filter((n) => n.endsWith('-cold.tar.gz')).map(stamp))).sort((a, b) => b.mtime - a.mtime)[0];
  if (!cold) return undefined;
  const size = (await fs.stat(path.join(dir, cold.n))).size;
  return { at: cold.mtime, ok: true, what: 'cold copy', coldFile: true, bytes: size };
}

/** The report in a language (English by default: a scheduled report has no reader's locale). */
export function createStatusReport(d: ReportDeps): { render(lang?: Lang): Promise<string> } {
  const now = d.now ?? Date.now;
  const warnDays = d.expiryWarningDays ?? 14;
  return {
    async render(lang) {
      const r = replies(lang).report;
      const t = now();
      const since = Number(d.kv.get(LAST_REPORT) ?? 0);
      const out: string[] = [r.title(when(t))];

      let minions: MinionStatus[] = [];
      out.push(r.apps());
      if (!d.status) out.push(r.noEngine());
      else {
        try {
          minions = await d.status();
          if (minions.length === 0) out.push(r.noneSummoned());
          for (const m of minions) {
            const icon = m.health === 'healthy' && m.state === 'running' ? ':white_check_mark:' : m.health === 'unhealthy' || m.state !== 'running' ? ':x:' : ':grey_question:';
            out.push(`- ${icon} **${m.app}** ${m.version}: ${m.state}, ${m.health}${m.url ? `, ${m.url}` : ''}${m.restarts ? `, ${r.restarts(m.restarts)}` : ''}${m.drifted ? `, ${r.changedByHand()}` : ''}`);
          }
        } catch (e) {
          out.push(r.engineSilent((e as Error).message));
        }
      }

      out.push(r.disks(), await diskLine(r, r.diskData(), d.dataRoot), await diskLine(r, r.diskBackups(), d.backupRoot));

      out.push(r.lastBackups());
      let dirs: string[] = [];
      try {
        dirs = (await fs.readdir(d.backupRoot, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
      } catch {
        // no backups root yet
      }
      const apps = [...new Set([...minions.map((m) => m.app), ...dirs])].sort();
      if (apps.length === 0) out.push(r.noAppsNoBackups());
      for (const app of apps) {
        const b = await (d.lastBackup ?? ((a: string) => readLastBackup(d.backupRoot, a)))(app).catch(() => undefined);
        if (!b) out.push(r.noBackupYet(app));
        else {
          const age = Math.floor((t - b.at) / 86_400_000);
          out.push(
            `- ${b.ok ? '' : ':x: '}${app}: ${b.coldFile ? r.coldCopy() : b.what} ${when(b.at)}${age >= 2 ? r.daysAgo(age) : ''}, ${b.ok ? r.backupOk() : r.backupFailed(b.error)}${b.bytes !== undefined ? `, ${formatBytes(b.bytes)}` : ''}`,
          );
        }
      }

      out.push(r.certificates());
      if (!d.certificates) out.push(r.noCertModule());
      else {
        try {
          const soon = (await d.certificates()).filter((c) => c.daysLeft <= warnDays).sort((a, b) => a.daysLeft - b.daysLeft);
          if (soon.length === 0) out.push(r.noneExpires(warnDays));
          for (const c of soon) out.push(`- ${c.daysLeft <= 3 ? ':x:' : ':warning:'} ${r.expires(c.name, c.daysLeft, c.notAfter)}`);
        } catch (e) {
          out.push(r.certsUnread((e as Error).message));
        }
      }

      const failed = d.failuresSince?.(since) ?? [];
      out.push(r.failedJobs(since ? when(since) : undefined));
      if (failed.length === 0) out.push(r.none());
      for (const f of failed.slice(-20)) out.push(r.failedJob(f.job, when(f.at), f.error));
      if (failed.length > 20) out.push(r.earlier(failed.length - 20));

      d.kv.set(LAST_REPORT, String(t));
      return out.join('\n');
    },
  };
}
