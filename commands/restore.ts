import { defineCommand, needBackups } from '../src/robot/command.js';
import { withSteps } from '../src/robot/steps.js';

export default defineCommand({
  name: 'restore',
  summary: "put an app's data back from a backup",
  description:
    "Checks the backup's checksum first (a file that does not match its manifest is refused), takes a safety backup of the current state, loads the dump into the database (or puts the folders back), restarts the app and waits for its health check. Data written since the backup is replaced. --force goes on when no safety backup can be taken.",
  examples: ['restore nextcloud', 'restore nextcloud latest', 'restore nextcloud 2026-11-20'],
  args: [
    { name: 'app', type: 'minion', required: true },
    { name: 'when', type: 'word', help: 'latest (default), a date/time prefix such as 2026-11-20 or 2026-11-20T10:15, or a file name from `backups`' },
  ] as const,
  flags: [{ name: 'force', help: 'restore even when no safety backup can be taken' }],
  sideEffects: true,
  destructive: true,
  preview: (a) => `replace ${a.app}'s current data with the backup ${a.when ?? 'latest'} (a safety backup is taken first; the app is down meanwhile)`,
  async run(ctx, a) {
    const backups = needBackups(ctx);
    await withSteps(
      ctx,
      `restoring ${a.app} from ${a.when ?? 'the latest backup'}`,
      (r) => backups.restore(a.app, a.when, r, { force: ctx.flags.has('force') }),
      (res) => `:white_check_mark: ${a.app} is restored from ${res.file} (${(res.ms / 1000).toFixed(1)} s).${res.safety ? `\nThe state before is in ${res.safety}.` : ''}`,
    );
  },
});
