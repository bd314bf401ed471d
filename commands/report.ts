import { defineCommand } from './services.js';

export default defineCommand({
  name: 'report',
  summary: 'post the status report: apps, disks, backups, certificates, failed jobs',
  description:
    "One post with each app's health, version and URL, disk use of the data and backup roots, the last backup per app, " +
    'certificates close to expiry and the scheduled jobs that failed since the last report. Schedule it: `schedule add daily "0 9 * * 1-5" report`.',
  examples: ['report'],
  phrases: {
    en: ["report", "summary", "overview", "daily report", "status report", "digest", "post the report", "weekly report", "how much disk", "disk usage", "how much space", "how much storage", "space taken", "disk space", "space left", "low on space", 'full report', 'full status report'],
    fr: ["niveau disque", "rapport", "resume", "bilan", "compte rendu", "rapport quotidien", "publie le rapport", "etat des lieux", "reporting", "rapport d'etat", "combien de disque", "espace disque", "combien de place", "combien d'espace", "place prise", "place sur le disque", "reste de la place", "espace libre", "place libre", 'rapport complet'],
  },
  args: [] as const,
  sideEffects: false,
  needs: 'report',
  async run(ctx) {
    return ctx.services.report.render(ctx.lang);
  },
});
