// The verify command's run: the file's checksum, then the backup restored into a throw-away server with the
// live one's settings and compared with its manifest; the verdict is written into the manifest.
import { randomBytes } from 'node:crypto';
import { SummonerError } from '../../errors.js';
import { removeContainer } from '../engine/index.js';
import { safeReporter, said, type Reporter } from '../reporting.js';
import { LABEL } from '../types.js';
import { manifestPath, writeManifest } from './manifest.js';
import { physicalTwin } from './physical.js';
import { checkChecksum } from './restore.js';
import { verifyBackup, VERIFY_LABEL, type VerifyResult } from './verify.js';
import type { BackupContext } from './context.js';
import type { Targets } from './targets.js';
import type { BackupSet } from './backups.js';
import type { Folders } from './folders.js';

export function createVerify(ctx: BackupContext, { dbOfManifest, targetOf, twinStartLimitS }: Pick<Targets, 'dbOfManifest' | 'targetOf' | 'twinStartLimitS'>, { pick }: Pick<BackupSet, 'pick'>, { dataFolders, freshFolders, removeFolders }: Pick<Folders, 'dataFolders' | 'freshFolders' | 'removeFolders'>) {
  const { deps, domain, now } = ctx;

  async function verify(app: string, which: string | undefined, reporter0: Reporter): Promise<VerifyResult> {
    const reporter = safeReporter(reporter0);
    const b = await pick(app, which, 'dump');
    const record = async (r: VerifyResult): Promise<VerifyResult> => {
      b.manifest.verified = { at: now().toISOString(), ok: r.ok, detail: r.detail };
      await writeManifest(manifestPath(b.path), b.manifest).catch(() => undefined);
      if (!r.ok) deps.events?.emit({ type: 'backup.failed', app, kind: 'verify', error: `${r.file} does not restore as recorded: ${r.detail}` });
      return r;
    };
    // the file's own checksum first: a damaged file fails without a database started for it
    reporter.step(...said('checksum', [b.manifest.file]));
    const t0 = Date.now();
    try {
      await checkChecksum(b);
    } catch (err) {
      return record({ ok: false, file: b.manifest.file, detail: (err as Error).message, tables: 0, rows: 0, ms: Date.now() - t0 });
    }
    const found = await dbOfManifest(app, b.manifest);
    if (!found) throw new SummonerError('backup.no_database', `${app} has no database container${b.manifest.service ? ` ${b.manifest.service}` : ''} here, so its image for the check is unknown`);
    const t = await targetOf(app, found);
    // the throw-away server runs where the database runs (on a Swarm: its node's engine)
    const engine = found.at.engine;
    // the throw-away server runs with the live one's settings (command, flags, config files), on empty folders
    const folders = await dataFolders(app, found.at).catch(() => [] as string[]);
    const fresh = folders.length ? await freshFolders(folders, `verify-${randomBytes(4).toString('hex')}`) : undefined;
    let r: VerifyResult;
    if (b.manifest.method === 'physical') {
      // the copy unpacked, prepared and started beside the live server (its flags), checked, thrown away
      const name = `summoner-verify-${app}-${randomBytes(4).toString('hex')}`;
      try {
        if (!fresh) throw new SummonerError('backup.restore_unsupported', `${found.container} keeps its data in no folder under dbRoot: a physical copy cannot be checked beside it`);
        const detail = await physicalTwin(engine, {
          live: found.at.container,
          name,
          binds: fresh,
          labels: { [LABEL.managed]: 'true', [LABEL.domain]: domain, [LABEL.app]: app, [LABEL.role]: 'verify', [VERIFY_LABEL]: 'true' },
          backupFile: b.path,
          manifest: b.manifest,
          app: t,
          step: (s) => reporter.step(s),
          startLimitS: twinStartLimitS(app, found),
        });
        r = { ok: true, file: b.manifest.file, detail, tables: b.manifest.tableNames?.length ?? 0, rows: 0, ms: Date.now() - t0 };
      } catch (err) {
        r = { ok: false, file: b.manifest.file, detail: (err as Error).message, tables: 0, rows: 0, ms: Date.now() - t0 };
      } finally {
        await removeContainer(engine, name).catch(() => undefined);
        if (fresh) await removeFolders(fresh.values());
      }
      return record(r);
    }
    try {
      r = await verifyBackup(engine, {
        image: found.image,
        target: { app, type: found.type, database: t.database, user: t.user },
        backup: b,
        labels: { [LABEL.managed]: 'true', [LABEL.domain]: domain, [LABEL.app]: app, [LABEL.role]: 'verify' },
        step: (s) => reporter.step(s),
        ...(fresh ? { twin: { live: found.at.container, binds: fresh } } : {}),
        readyTimeoutS: twinStartLimitS(app, found),
      });
    } finally {
      if (fresh) await removeFolders(fresh.values());
    }
    return record(r);
  }

  return { verify };
}
