// The BackupHook the deployment core calls before an update, a rollback or a purge (with the app's
// containers stopped): a real dump of the database where the minion has one (its container is started for
// the dump and stopped again), plus the cold copy of the folders, which is what a failed update's
// rollback puts back (the folders include the database's files, consistent since the server was stopped).
import type { BackupHook } from '../ports/deploy.js';
import type { BackupService } from './service.js';
import { said } from '../reporting.js';

export function dumpAndColdCopyHook(backups: BackupService, cold: BackupHook): BackupHook {
  return {
    async backup(app, reason, reporter) {
      const m = await backups.dumpStopped(app, reason, reporter);
      if (m) reporter.step(...said('dumpOf', [app, m.file]));
      const ref = await cold.backup(app, reason, reporter);
      // the cold copy gets its manifest: listed (as a safety copy), checked by its checksum, pruned by its rule
      await backups.recordSafety(app, ref.file, reason, 'cold');
      return ref;
    },
    restore: (app, ref, reporter) => cold.restore(app, ref, reporter),
  };
}
