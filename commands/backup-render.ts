// Rendering shared by the backup commands: sizes, durations and the result table (pure).
import type { BackupResult } from '../src/core/backup/service.js';
import { replies, type Replies } from '../src/i18n/replies.js';

export function size(bytes: number | undefined): string {
  if (bytes === undefined) return '–';
  if (bytes < 1e3) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** app | kind | size | duration | checksum | result, as a Markdown table (Mattermost renders it). */
export function resultTable(rs: readonly BackupResult[], t: Replies = replies('en')): string {
  const rows = rs.map((r) => {
    const result = r.ok
      ? [':white_check_mark: ok', ...r.flags.map((f) => `:warning: ${f}`), ...(r.downtimeMs !== undefined ? [t.resultDown(secs(r.downtimeMs))] : []), ...(r.offsite ? [t.resultOffsite(r.offsite)] : []), ...(r.pruneHeld ? [t.resultPruneHeld(r.pruneHeld, r.app)] : [])].join('; ')
      : `:x: ${r.error ?? t.resultFailed()}`;
    return `| ${r.app} | ${r.kind} | ${r.ok ? size(r.bytes) : '–'} | ${secs(r.durationMs)} | ${r.sha256 ? `\`${r.sha256.slice(0, 12)}\`` : '–'} | ${result.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`;
  });
  return [t.resultHead(), '|---|---|---|---|---|---|', ...rows].join('\n');
}
