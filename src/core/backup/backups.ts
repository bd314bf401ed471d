// An app's backups on this host: listed, picked by name or date, a safety copy recorded, the newest that counts.
import fs from 'node:fs/promises';
import path from 'node:path';
import { SummonerError } from '../../errors.js';
import { sha256File } from './compress.js';
import {
  choose,
  describeBackup,
  isSafety,
  listBackups,
  manifestPath,
  writeManifest,
  type BackupEntry,
  type Manifest,
} from './manifest.js';
import type { BackupContext } from './context.js';

export type BackupSet = ReturnType<typeof createBackupSet>;

export function createBackupSet(ctx: BackupContext) {
  const { root } = ctx;

  async function list(app: string): Promise<BackupEntry[]> {
    return listBackups(root, app);
  }

  async function pick(app: string, which: string | undefined, kind?: 'dump'): Promise<BackupEntry> {
    const all = await list(app);
    const c = choose(all, which, kind);
    if (c.ambiguous) {
      throw new SummonerError('backup.ambiguous', `${c.ambiguous.length} backups of ${app} match ${which}: ${c.ambiguous.map(describeBackup).join('; ')}`, {
        hint: `say which one by its file name: \`restore ${app} ${c.ambiguous[0]!.manifest.file}\``,
      });
    }
    if (!c.pick) {
      const regular = all.filter((b) => !isSafety(b.manifest));
      throw new SummonerError('backup.none', regular.length ? `no backup of ${app} matches ${which}` : `${app} has no backup yet${all.length ? ' (only safety copies, picked by their file name)' : ''}`, {
        hint: all.length ? '`backups <app>` lists them' : `\`backup ${app}\` takes one`,
      });
    }
    return c.pick;
  }

  async function recordSafety(app: string, file: string, reason: string, kind: 'cold'): Promise<Manifest> {
    const st = await fs.stat(file);
    const m: Manifest = {
      version: 1,
      app,
      kind,
      file: path.basename(file),
      createdAt: st.mtime.toISOString(),
      reason,
      safety: true,
      codec: 'gzip',
      bytes: st.size,
      sha256: await sha256File(file),
      durationMs: 0,
      flags: [],
    };
    await writeManifest(manifestPath(file), m);
    return m;
  }

  async function lastBackup(app: string): Promise<Manifest | undefined> {
    const l = (await list(app)).filter((b) => !isSafety(b.manifest));
    return l[l.length - 1]?.manifest;
  }

  return { list, pick, recordSafety, lastBackup };
}
