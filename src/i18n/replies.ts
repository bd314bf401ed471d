// What commands say, one catalogue per language (English and French): commands reach it as `ctx.t` (and the
// language as `ctx.lang`). Each entry is a function of its values, so word order can differ between
// languages; a key missing in French fails the type check. English is exactly what the commands said before.
// Values from outside (app names, versions, URLs, the core's error messages) are passed in, never translated.
import type { ErrorCode } from '../errors.js';
import type { Lang } from './messages.js';

const s = (ms: number) => (ms / 1000).toFixed(1);

/** A backup's facts as the core gives them (src/core/backup/manifest.ts BackupFacts). */
interface BackupWords {
  file: string;
  safetyBefore?: string;
  reason: string;
  kind: string;
  db?: string;
  physical?: true;
  at: string;
  size: string;
}

const en = {
  // ---- help ----
  helpTitle: (n: number) => `**Commands you can run** (${n}):`,
  helpLine: (usage: string, summary: string, confirms: boolean) => `- \`${usage}\`: ${summary}${confirms ? ' (asks for confirmation)' : ''}`,
  helpHidden: (n: number) => `_${n} more need a role you do not have._`,
  helpFooter: () => 'Say `help <command>` for details. I understand small typos and plain English ("please back up everything").',
  helpUsage: (usage: string) => `Usage: \`${usage}\``,
  helpAlso: (aliases: string) => `Also: ${aliases}`,
  helpExamples: (examples: string) => `Examples: ${examples}`,
  helpDestructive: () => 'Destructive: it is proposed first and runs only after you confirm.',
  helpWho: (who: string, allowed: boolean) => `Who may run it: ${who}.${allowed ? '' : ' You may not.'}`,
  /** A command's summary in this language (English: the spec's own). */
  summaries: {} as Partial<Record<string, string>>,
  // ---- whoami ----
  whoami: (name: string, id: string, source: string, admin: boolean, roles: readonly string[], allowed: number, total: number) =>
    [
      `You are @${name}, user id \`${id}\` (via ${source}).`,
      `Admin: ${admin ? 'yes' : 'no'}. Roles: ${roles.length ? roles.join(', ') : 'none'}.`,
      `You may run ${allowed} of ${total} commands; say \`help\` to see them.`,
    ].join('\n'),
  // ---- status ----
  notSummoned: (app: string) => `${app} is not summoned here. \`summon ${app}\` deploys it.`,
  statusHead: (version: string, uptime: string) => `**Summoner ${version}**, up ${uptime}`,
  statusChat: (adapter: string, healthy: boolean, detail: string) => `Chat: ${adapter}, ${healthy ? 'healthy' : 'UNHEALTHY'} (${detail})`,
  statusEngine: (engine: string) => `Engine: ${engine}`,
  engineUnreachable: (why: string) => `unreachable (${why})`,
  engineNone: () => 'none connected',
  statusMemory: (mb: number) => `Memory: ${mb} MB`,
  statusApps: (n: number) => (n ? `Apps (${n}):` : 'Apps: none summoned yet (`list` shows what I can summon).'),
  changedByHand: () => ' (changed by hand)',
  // ---- list ----
  noCatalog: () => 'No catalog is loaded.',
  listHead: (n: number) => `${n} apps in the catalog:`,
  // ---- the progress post of long work (summon, dismiss, update, restore) ----
  summoning: (app: string, version?: string) => `summoning ${app}${version ? ` ${version}` : ''}`,
  dismissing: (app: string, purge: boolean) => `dismissing ${app}${purge ? ' (purge)' : ''}`,
  updating: (app: string, version?: string) => `updating ${app}${version ? ` to ${version}` : ''}`,
  restoring: (app: string, when?: string) => `restoring ${app} from ${when ?? 'the latest backup'}`,
  stepsFailed: (title: string, secs: string, why: string) => `:x: ${title} failed after ${secs} s: ${why}`,
  internalRef: (ref: number) => `an internal error (ref #${ref})`,
  cleanedUp: () => 'What it had created was removed; the data is kept.',
  lastStep: (step: string) => `last step: ${step}`,
  // ---- results ----
  summonAlready: (app: string, version: string, url?: string, requested?: string) =>
    `${app} is already here (version ${version})${url ? ` at ${url}` : ''}.` + (requested ? `\nYou asked for ${requested}: \`update ${app} ${requested}\` changes the version.` : ''),
  summoned: (app: string, version: string, url: string, ms: number) => `:white_check_mark: ${app} ${version} is ready at ${url} (${s(ms)} s)`,
  dismissed: (app: string, removed: readonly string[], purged: boolean, backupFile?: string) =>
    `:white_check_mark: ${app} is dismissed: removed ${removed.length ? removed.join(', ') : 'no container'}.` +
    (purged ? `\nIts data is deleted${backupFile ? `; the final backup is ${backupFile}` : ''}.` : '\nIts data is kept.'),
  updateCurrent: (app: string, version: string) => `${app} already runs ${version}; nothing to do (--force redoes it).`,
  updated: (app: string, to: string, from: string, ms: number, backupFile?: string) =>
    `:white_check_mark: ${app} runs ${to} (was ${from}; ${s(ms)} s).${backupFile ? `\nBackup taken first: ${backupFile}` : ''}\n\`rollback ${app}\` goes back.`,
  restored: (app: string, file: string, ms: number, downtimeMs?: number) =>
    `:white_check_mark: ${app} is restored from ${file} (${s(ms)} s${downtimeMs !== undefined ? `, down ${s(downtimeMs)} s for the swap` : ''}).`,
  restoreChecked: (what: string) => `Checked before the swap: ${what}.`,
  restoreNote: (note: string) => `Note: ${note}.`,
  restoreSafety: (app: string, safety: string) => `The state before is in ${safety} (a safety copy: \`restore ${app} ${safety}\` brings it back).`,
  backingUp: (what: string | undefined) => `backing up ${what ?? 'all apps'}…`,
  backupFailed: (what: string | undefined, why: string) => `:x: backup of ${what ?? 'all apps'} failed: ${why}`,
  backupsFinished: (n: number) => `${n} finished`,
  backupsFailed: (failed: number, total: number) => `:x: ${failed} of ${total} backup(s) failed`,
  backupsDone: (total: number, flagged: boolean) => `:white_check_mark: ${total} backup(s) done${flagged ? ' (see the warnings)' : ''}`,
  // ---- errors: the robot frames a coded error; in English the error's own message and hint, unchanged ----
  /** What a code means and what to do, in this language (English: none, the error's hint says it). */
  // ---- the less used commands ----
  pong: () => 'pong',
  historyNone: () => 'No commands recorded yet.',
  historyHead: () => '| ref | when (UTC) | who | text | outcome | took |',
  historyJobTicks: (n: number) => `_Also ${n} successful run(s) of built-in jobs in that time, not listed: \`history --jobs\` lists them._`,
  logsNone: (container: string) => `${container} has written nothing yet.`,
  logsHead: (n: number, container: string) => `Last ${n} lines of ${container}:`,
  restarting: (app: string) => `restarting ${app}`,
  restarted: (app: string, ms: number) => `:white_check_mark: ${app} restarted and healthy (${s(ms)} s)`,
  scaling: (app: string, n: number) => `scaling ${app} to ${n} task(s) per web and worker service`,
  scaled: (app: string, n: number, ms: number) => `:white_check_mark: ${app} runs ${n} task(s) of each service below, all running and checked (${s(ms)} s)`,
  scaledService: (service: string, from: number, n: number, nodes: string) => `- ${service}: ${from} → ${n}, on ${nodes}`,
  scaleKept: (service: string, why: string) => `- ${service} stays at one task: ${why}`,
  rollingBack: (app: string) => `rolling back ${app}`,
  rolledBack: (app: string, to: string, from: string, ms: number, restoredFrom?: string) =>
    `:white_check_mark: ${app} runs ${to} again (was ${from}; ${s(ms)} s).${restoredFrom ? `\nData restored from ${restoredFrom}.` : ''}`,
  pruned: (app: string, files: readonly string[]) => `Deleted ${files.length} backup(s) of ${app}:\n${files.map((f) => `- ${f}`).join('\n')}`,
  pruneNothing: (app: string) => `Nothing to delete: every backup of ${app} is kept by the policy.`,
  backupsNone: (app: string) => `${app} has no backup yet. \`backup ${app}\` takes one.`,
  backupsOnlySafety: (app: string) => `${app} has no backup yet, only safety copies. \`backup ${app}\` takes one.`,
  backupsHead: () => '| when (UTC) | kind | size | took | sha256 | why | verified | notes |',
  safetyTitle: (app: string) => `**Safety copies** (taken by Summoner before it changed ${app}; restored only by file name):`,
  safetyHead: () => '| when (UTC) | kind | size | took | sha256 | before | verified | file |',
  stateNone: () => "Summoner has no backup of its own state yet: `backup summoner` takes one.",
  stateTitle: () => "**Summoner's own state** (`restore summoner <date or name>` puts one back):",
  stateHead: () => '| when (UTC) | files | size | Summoner | schema | name |',
  // the result table of `backup` (kinds, flags and errors are the core's words, passed in)
  resultHead: () => '| app | kind | size | duration | sha256 | result |',
  resultDown: (secs: string) => `down ${secs}`,
  resultOffsite: (where: string) => `off-site ${where}`,
  resultPruneHeld: (n: number, app: string) => `prune of ${n} held: \`prune ${app}\``,
  resultFailed: () => 'failed',
  // ---- outbox (ids, recipes, channels and errors passed in) ----
  outboxEmpty: () => 'The outbox is empty.',
  outboxNoDead: () => 'No dead letters.',
  outboxDeadHead: () => 'Dead letters (`outbox retry <id|all>`, `outbox drop <id|all>`):\n\n| id | recipe | channel | event | error | failed (UTC) |',
  outboxNotDead: (ids: string) => ` Not dead letters: ${ids}.`,
  outboxRetried: (n: number) => `Put ${n} dead letter(s) back in their queue; they are being delivered again (\`outbox\` shows how it went).`,
  outboxDropped: (n: number) => `Deleted ${n} dead letter(s).`,
  outboxDropPlan: (ids: string, n: number, missing: string) => `Delete ${n} dead letter(s) (${ids}): they will never be sent.${missing ? ` Not dead letters (left alone): ${missing}.` : ''}`,
  // ---- what a confirmation says a destructive command will do (facts passed in) ----
  dismissPlan: (app: string, purge: boolean) =>
    purge
      ? `stop and remove ${app}, take a final backup, then DELETE its data and passwords for good`
      : `stop and remove ${app}'s containers (its data is kept; \`summon ${app}\` brings it back)`,
  updatePlan: (app: string, to?: string, from?: string) =>
    `back up ${app}, then move it ${from ? `from ${from} ` : ''}to ${to ?? 'the catalog version'} (it is down during the swap; rolled back if unhealthy)`,
  rollbackPlan: (app: string, plan?: { from: string; to: string; backup?: string }) =>
    !plan
      ? `put ${app} back on the version before its last update, with the data from before it`
      : `put ${app} back from ${plan.from} on ${plan.to}, ${plan.backup ? `with the data of ${plan.backup}, taken before the update (a safety copy is taken first)` : 'keeping its data as it is (no pre-update backup was found)'}`,
  prunePreview: (app: string) => `delete the backups of ${app} that the retention policy does not keep (\`backups ${app}\` lists them first)`,
  prunePlan: (n: number, app: string, size: string, keep: number) => `delete ${n} backup(s) of ${app} (${size}) that the retention policy does not keep; ${keep} stay:`,
  pruneMore: (n: number, app: string) => `- … and ${n} more (\`backups ${app}\`)`,
  /** One backup named for people (BackupFacts of src/core/backup/manifest.ts); kinds and reasons are the core's words. */
  backupDescribed: (f: BackupWords) =>
    `${f.file} (${f.safetyBefore ? `safety copy before ${f.safetyBefore === 'pre-restore' ? 'a restore' : f.safetyBefore}` : `${f.reason} ${f.kind}`}${f.db ? `, ${f.db}` : ''}, taken ${f.at} UTC, ${f.size})`,
  /** What restoring a backup puts back, by its kind: the reader chooses between a cold copy and a dump of one day. */
  backupPutsBack: (f: BackupWords, app: string) =>
    f.kind === 'cold'
      ? `puts back all of ${app}'s folders (files and databases), ${app} stopped meanwhile`
      : f.physical
        ? `puts back the files of its ${f.db ?? 'database'} server (every database in it)`
        : `puts back its ${f.db ?? 'database'} database only (loaded beside the live one, then swapped in)`,
  /** Each candidate: the backup described, and what it puts back. */
  restoreWhich: (n: number, app: string, when: string, items: { described: string; putsBack: string }[]) =>
    `${n} backups of ${app} match ${when}: which one? (answer with its file name, its number or a button)\n${items.map((x, i) => `${i + 1}. ${x.described}: ${x.putsBack}`).join('\n')}`,
  /** `backup` is a date or `latest` (chosen: false), or the chosen backup described (chosen: true). */
  restorePlan: (app: string, backup: string, chosen = false, cold = false) =>
    chosen
      ? `replace ${app}'s current data with ${backup} (what it replaces is kept as a safety copy; ${cold ? `${app} is stopped while its folders are put back` : 'the app is down only for the swap'})`
      : `replace ${app}'s current data with the backup ${backup} (what it replaces is kept as a safety backup; the app is down for the swap)`,
  restoreSummonerPlan: (backup: string, chosen?: { at: string; version: string }) =>
    chosen
      ? `replace Summoner's own state (its database: audit, schedules, notifications owed; the apps' generated secrets, deploy journals, certificates) with ${backup}, ` +
        `taken ${chosen.at} UTC by Summoner ${chosen.version}. Summoner stops, puts it back and starts again on it; ` +
        `what it holds now is kept beside it. The apps' data, databases and backups are not touched`
      : `replace Summoner's own state with its backup ${backup} (Summoner stops and starts again on it)`,
  // ---- the core's progress steps, by key (src/core/reporting.ts StepKey; values passed in): English is the core's own text ----
  steps: {} as Partial<Record<string, (...values: string[]) => string>>,
  // ---- schedules (job names, cron times, commands and results are values, passed in) ----
  schedulesNone: () => 'No scheduled jobs. Add one with `schedule add <name> "<cron>" <command…>`, or under schedules in summoner.yml.',
  schedulesHead: () => '| job | when | command | channel | from | last run | next |',
  jobNeverRun: () => 'never run',
  jobLast: (at: string, result: string) => `last ${at}: ${result}`,
  jobFailed: () => 'failed',
  jobPaused: () => 'paused',
  jobRunning: () => 'running now',
  jobNext: (at: string) => `next ${at}`,
  jobBuiltIn: () => '(built in)',
  jobDestructive: () => ' (destructive, declared)',
  jobAdded: (name: string, command: string, cron: string, destructive: boolean, next: string) =>
    `Scheduled **${name}**: \`${command}\` at \`${cron}\`${destructive ? ' (destructive, declared)' : ''}, next ${next}; results here. It runs as schedule:${name} on your behalf.`,
  jobPausedNow: (name: string) => `Paused **${name}**.`,
  jobResumed: (name: string, next: string) => `Resumed **${name}**: next ${next}.`,
  jobRemoved: (name: string) => `Removed **${name}**.`,
  // ---- the status report (`report`, and its schedules: the values are the engine's and the core's) ----
  report: {
    title: (when: string) => `#### Status report, ${when}`,
    apps: () => '**Apps**',
    noEngine: () => '- no Docker engine connected',
    noneSummoned: () => '- none summoned',
    restarts: (n: number) => `${n} restart(s)`,
    changedByHand: () => 'changed by hand',
    engineSilent: (why: string) => `- :x: the engine did not answer: ${why}`,
    disks: () => '**Disks**',
    diskData: () => 'data',
    diskBackups: () => 'backups',
    disk: (label: string, dir: string, used: string, total: string, pct: number, free: string) => `- ${label} \`${dir}\`: ${used} used of ${total} (${pct}%), ${free} free`,
    diskMissing: (label: string, dir: string) => `- ${label} \`${dir}\`: not created yet`,
    lastBackups: () => '**Last backups**',
    noAppsNoBackups: () => '- no apps, no backups',
    noBackupYet: (app: string) => `- ${app}: no backup yet`,
    daysAgo: (n: number) => ` (${n} days ago)`,
    backupOk: () => 'ok',
    backupFailed: (error?: string) => `failed${error ? `: ${error}` : ''}`,
    coldCopy: () => 'cold copy',
    certificates: () => '**Certificates**',
    noCertModule: () => '- no certificate module connected',
    noneExpires: (days: number) => `- none expires within ${days} days`,
    expires: (name: string, days: number, notAfter: string) => `${name} expires in ${days} day(s) (${notAfter})`,
    certsUnread: (why: string) => `- :x: could not read the certificates: ${why}`,
    failedJobs: (since?: string) => `**Failed jobs** ${since ? `since the last report (${since})` : 'so far'}`,
    none: () => '- none',
    failedJob: (job: string, at: string, error: string) => `- :x: ${job} at ${at}: ${error}`,
    earlier: (n: number) => `- … and ${n} earlier`,
  },
  certsNoProxy: () => 'No managed proxy here: no certificates.',
  certsExternal: () => 'The proxy is external (`proxy.mode: external`): its own ACME companion keeps the certificates.',
  certsDisabled: () => 'Certificates are turned off (`certificates.enabled: false`): the proxy serves HTTP only.',
  certsNone: () => 'No certificates yet: one is issued when an app is summoned.',
  certsHead: (n: number) => `${n} certificate(s):`,
  versionsHead: (repository: string, registry: string, pinned: string) => `Versions of ${repository} (${registry}), in use: ${pinned}`,
  versionInUse: () => ' ← in use',
  versionMajorJump: () => ' (major jump)',
  versionsOlder: (n: number) => `…and ${n} older`,
  versionsSafeUpdate: (app: string, tag: string) => `Safe update: \`update ${app} ${tag}\``,
  versionsNewest: () => 'The version in use is the newest.',
  codes: {} as Partial<Record<ErrorCode, string>>,
  /** The line that frames a failed command: `what` is the error's own message (data from the core). */
  failed: (what: string, meaning?: string) => (meaning ? `:warning: ${meaning}\n${what}` : `:warning: ${what}`),
};

export type Replies = typeof en;

const fr: Replies = {
  helpTitle: (n) => `**Commandes que vous pouvez lancer** (${n}) :`,
  helpLine: (usage, summary, confirms) => `- \`${usage}\` : ${summary}${confirms ? ' (demande confirmation)' : ''}`,
  helpHidden: (n) => `_${n} autre(s) demandent un rôle que vous n'avez pas._`,
  helpFooter: () => "Dites `help <commande>` pour les détails. Je comprends les petites fautes de frappe et le français courant (« sauvegarde tout stp »).",
  helpUsage: (usage) => `Usage : \`${usage}\``,
  helpAlso: (aliases) => `Aussi : ${aliases}`,
  helpExamples: (examples) => `Exemples : ${examples}`,
  helpDestructive: () => "Destructive : elle est d'abord proposée, et ne s'exécute qu'après votre confirmation.",
  helpWho: (who, allowed) => `Qui peut la lancer : ${who}.${allowed ? '' : ' Pas vous.'}`,
  summaries: {
    help: 'lister les commandes que vous pouvez lancer, ou en expliquer une',
    whoami: 'dire qui je pense que vous êtes et ce que vous pouvez faire',
    ping: "vérifier que j'écoute",
    status: 'dire comment je vais, et les apps que je fais tourner (ou une app en détail)',
    history: "montrer les dernières commandes lancées (le journal d'audit)",
    explain: 'dire ce que lancerait une phrase (ou ce que je demanderais), sans rien lancer',
    list: 'lister les apps que je peux invoquer, une ligne chacune',
    summon: 'déployer une app du catalogue, sur son propre sous-domaine',
    dismiss: 'arrêter et retirer une app (ses données sont gardées, sauf avec --purge)',
    update: 'passer une app à une autre version, avec une sauvegarde avant et un retour arrière en cas d’échec',
    rollback: 'annuler la dernière mise à jour : les anciennes images et les données d’avant',
    restart: 'redémarrer une app et sa base, puis attendre son contrôle de santé',
    backup: 'sauvegarder une app, ou toutes (dumps de base et/ou copies à froid)',
    backups: "lister les sauvegardes d'une app",
    restore: "remettre les données d'une app depuis une sauvegarde",
    verify: 'prouver qu’une sauvegarde se restaure : dans une base jetable, puis comparer tables, lignes et sommes de contrôle',
    prune: "supprimer les sauvegardes d'une app que la politique de rétention ne garde pas",
    logs: "montrer les dernières lignes du journal d'une app (secrets masqués)",
    versions: "lister les versions disponibles d'une app dans son registre d'images",
    certs: 'lister chaque certificat et son expiration',
    report: 'publier le rapport : apps, disques, sauvegardes, certificats, tâches en échec',
    schedules: 'lister les tâches planifiées, leur dernier résultat et leur prochaine exécution',
    schedule: 'ajouter, suspendre, reprendre ou retirer une tâche planifiée',
    recipes: 'lister les recettes de notification, en essayer une sur un fichier, ou dire laquelle agit sur un événement',
    minion: 'ajouter un minion depuis un fichier compose, en montrer un tel que Summoner le lance, ou en retirer un',
    outbox: 'la file des notifications : compte par canal, lettres mortes, les relancer ou les abandonner',
    scale: "lancer plusieurs tâches des services web et worker d'une app (Swarm)",
  },
  whoami: (name, id, source, admin, roles, allowed, total) =>
    [
      `Vous êtes @${name}, identifiant \`${id}\` (via ${source}).`,
      `Admin : ${admin ? 'oui' : 'non'}. Rôles : ${roles.length ? roles.join(', ') : 'aucun'}.`,
      `Vous pouvez lancer ${allowed} commandes sur ${total} ; dites \`help\` pour les voir.`,
    ].join('\n'),
  notSummoned: (app) => `${app} n'est pas invoquée ici. \`summon ${app}\` la déploie.`,
  statusHead: (version, uptime) => `**Summoner ${version}**, lancé depuis ${uptime}`,
  statusChat: (adapter, healthy, detail) => `Chat : ${adapter}, ${healthy ? 'en bonne santé' : 'EN PANNE'} (${detail})`,
  statusEngine: (engine) => `Moteur : ${engine}`,
  engineUnreachable: (why) => `injoignable (${why})`,
  engineNone: () => 'aucun connecté',
  statusMemory: (mb) => `Mémoire : ${mb} Mo`,
  statusApps: (n) => (n ? `Apps (${n}) :` : 'Apps : aucune invoquée pour l’instant (`list` montre ce que je peux invoquer).'),
  changedByHand: () => ' (modifiée à la main)',
  noCatalog: () => "Aucun catalogue n'est chargé.",
  listHead: (n) => `${n} apps dans le catalogue :`,
  summoning: (app, version) => `invocation de ${app}${version ? ` ${version}` : ''}`,
  dismissing: (app, purge) => `retrait de ${app}${purge ? ' (purge)' : ''}`,
  updating: (app, version) => `mise à jour de ${app}${version ? ` vers ${version}` : ''}`,
  restoring: (app, when) => `restauration de ${app} depuis ${when ?? 'la dernière sauvegarde'}`,
  stepsFailed: (title, secs, why) => `:x: ${title} : échec après ${secs} s : ${why}`,
  internalRef: (ref) => `une erreur interne (réf. #${ref})`,
  cleanedUp: () => 'Ce qui avait été créé a été retiré ; les données sont gardées.',
  lastStep: (step) => `dernière étape : ${step}`,
  summonAlready: (app, version, url, requested) =>
    `${app} est déjà là (version ${version})${url ? ` sur ${url}` : ''}.` + (requested ? `\nVous avez demandé ${requested} : \`update ${app} ${requested}\` change la version.` : ''),
  summoned: (app, version, url, ms) => `:white_check_mark: ${app} ${version} est prête sur ${url} (${s(ms)} s)`,
  dismissed: (app, removed, purged, backupFile) =>
    `:white_check_mark: ${app} est retirée : ${removed.length ? `conteneurs retirés : ${removed.join(', ')}` : 'aucun conteneur retiré'}.` +
    (purged ? `\nSes données sont supprimées${backupFile ? ` ; la sauvegarde finale est ${backupFile}` : ''}.` : '\nSes données sont gardées.'),
  updateCurrent: (app, version) => `${app} est déjà en ${version} ; rien à faire (--force recommence).`,
  updated: (app, to, from, ms, backupFile) =>
    `:white_check_mark: ${app} est en ${to} (était en ${from} ; ${s(ms)} s).${backupFile ? `\nSauvegarde faite avant : ${backupFile}` : ''}\n\`rollback ${app}\` revient en arrière.`,
  restored: (app, file, ms, downtimeMs) =>
    `:white_check_mark: ${app} est restaurée depuis ${file} (${s(ms)} s${downtimeMs !== undefined ? `, arrêtée ${s(downtimeMs)} s pour l'échange` : ''}).`,
  restoreChecked: (what) => `Vérifié avant l'échange : ${what}.`,
  restoreNote: (note) => `Note : ${note}.`,
  restoreSafety: (app, safety) => `L'état d'avant est dans ${safety} (une copie de sécurité : \`restore ${app} ${safety}\` le remet).`,
  backingUp: (what) => `sauvegarde de ${what ?? 'toutes les apps'}…`,
  backupFailed: (what, why) => `:x: la sauvegarde de ${what ?? 'toutes les apps'} a échoué : ${why}`,
  backupsFinished: (n) => `${n} terminée(s)`,
  backupsFailed: (failed, total) => `:x: ${failed} sauvegarde(s) sur ${total} en échec`,
  backupsDone: (total, flagged) => `:white_check_mark: ${total} sauvegarde(s) faite(s)${flagged ? ' (voir les avertissements)' : ''}`,
  pong: () => 'pong',
  historyNone: () => "Aucune commande enregistrée pour l'instant.",
  historyHead: () => '| réf. | quand (UTC) | qui | texte | résultat | durée |',
  historyJobTicks: (n) => `_Et ${n} exécution(s) réussie(s) de tâches intégrées pendant ce temps, non listées : \`history --jobs\` les liste._`,
  logsNone: (container) => `${container} n'a encore rien écrit.`,
  logsHead: (n, container) => `Les ${n} dernières lignes de ${container} :`,
  restarting: (app) => `redémarrage de ${app}`,
  restarted: (app, ms) => `:white_check_mark: ${app} a redémarré et est en bonne santé (${s(ms)} s)`,
  scaling: (app, n) => `passage de ${app} à ${n} tâche(s) par service web et worker`,
  scaled: (app, n, ms) => `:white_check_mark: ${app} tourne avec ${n} tâche(s) pour chaque service ci-dessous, toutes lancées et vérifiées (${s(ms)} s)`,
  scaledService: (service, from, n, nodes) => `- ${service} : ${from} → ${n}, sur ${nodes}`,
  scaleKept: (service, why) => `- ${service} reste à une tâche : ${why}`,
  rollingBack: (app) => `retour arrière de ${app}`,
  rolledBack: (app, to, from, ms, restoredFrom) =>
    `:white_check_mark: ${app} est de nouveau en ${to} (était en ${from} ; ${s(ms)} s).${restoredFrom ? `\nDonnées restaurées depuis ${restoredFrom}.` : ''}`,
  pruned: (app, files) => `${files.length} sauvegarde(s) de ${app} supprimée(s) :\n${files.map((f) => `- ${f}`).join('\n')}`,
  pruneNothing: (app) => `Rien à supprimer : la politique de rétention garde toutes les sauvegardes de ${app}.`,
  backupsNone: (app) => `${app} n'a encore aucune sauvegarde. \`backup ${app}\` en fait une.`,
  backupsOnlySafety: (app) => `${app} n'a encore aucune sauvegarde, seulement des copies de sécurité. \`backup ${app}\` en fait une.`,
  backupsHead: () => '| quand (UTC) | type | taille | durée | sha256 | pourquoi | vérifiée | notes |',
  safetyTitle: (app) => `**Copies de sécurité** (prises par Summoner avant de modifier ${app} ; restaurées seulement par leur nom de fichier) :`,
  safetyHead: () => '| quand (UTC) | type | taille | durée | sha256 | avant | vérifiée | fichier |',
  stateNone: () => "Summoner n'a encore aucune sauvegarde de son propre état : `backup summoner` en fait une.",
  stateTitle: () => "**L'état de Summoner lui-même** (`restore summoner <date ou nom>` en remet un) :",
  stateHead: () => '| quand (UTC) | fichiers | taille | Summoner | schéma | nom |',
  resultHead: () => '| app | type | taille | durée | sha256 | résultat |',
  resultDown: (secs) => `arrêtée ${secs}`,
  resultOffsite: (where) => `hors site ${where}`,
  resultPruneHeld: (n, app) => `suppression de ${n} retenue : \`prune ${app}\``,
  resultFailed: () => 'échec',
  outboxEmpty: () => 'La file des notifications est vide.',
  outboxNoDead: () => 'Aucune lettre morte.',
  outboxDeadHead: () => 'Lettres mortes (`outbox retry <id|all>`, `outbox drop <id|all>`) :\n\n| id | recette | canal | événement | erreur | échec (UTC) |',
  outboxNotDead: (ids) => ` Pas des lettres mortes : ${ids}.`,
  outboxRetried: (n) => `${n} lettre(s) morte(s) remise(s) dans leur file ; elles sont de nouveau en cours d'envoi (\`outbox\` montre la suite).`,
  outboxDropped: (n) => `${n} lettre(s) morte(s) supprimée(s).`,
  outboxDropPlan: (ids, n, missing) => `Supprimer ${n} lettre(s) morte(s) (${ids}) : elles ne seront jamais envoyées.${missing ? ` Pas des lettres mortes (laissées telles quelles) : ${missing}.` : ''}`,
  dismissPlan: (app, purge) =>
    purge
      ? `arrêter et retirer ${app}, faire une dernière sauvegarde, puis EFFACER ses données et ses mots de passe pour de bon`
      : `arrêter et retirer les conteneurs de ${app} (ses données sont gardées ; \`summon ${app}\` la fait revenir)`,
  updatePlan: (app, to, from) =>
    `sauvegarder ${app}, puis la passer ${from ? `de ${from} ` : ''}à ${to ?? 'la version du catalogue'} (arrêtée pendant l'échange ; retour arrière si elle n'est pas en bonne santé)`,
  rollbackPlan: (app, plan) =>
    !plan
      ? `remettre ${app} sur la version d'avant sa dernière mise à jour, avec les données d'avant`
      : `remettre ${app} de ${plan.from} sur ${plan.to}, ${plan.backup ? `avec les données de ${plan.backup}, prises avant la mise à jour (une copie de sécurité est prise d'abord)` : "en gardant ses données telles quelles (aucune sauvegarde d'avant la mise à jour n'a été trouvée)"}`,
  prunePreview: (app) => `supprimer les sauvegardes de ${app} que la politique de rétention ne garde pas (\`backups ${app}\` les liste d'abord)`,
  prunePlan: (n, app, size, keep) => `supprimer ${n} sauvegarde(s) de ${app} (${size}) que la politique de rétention ne garde pas ; ${keep} restent :`,
  pruneMore: (n, app) => `- … et ${n} de plus (\`backups ${app}\`)`,
  backupPutsBack: (f, app) =>
    f.kind === 'cold'
      ? `remet tous les dossiers de ${app} (fichiers et bases), ${app} arrêtée pendant ce temps`
      : f.physical
        ? `remet les fichiers de son serveur ${f.db ?? 'de base de données'} (toutes ses bases)`
        : `remet seulement sa base ${f.db ?? 'de données'} (chargée à côté de l'actuelle, puis échangée)`,
  restoreWhich: (n, app, when, items) =>
    `${n} sauvegardes de ${app} correspondent à ${when} : laquelle ? (répondez par son nom de fichier, son numéro ou un bouton)\n${items.map((x, i) => `${i + 1}. ${x.described} : ${x.putsBack}`).join('\n')}`,
  backupDescribed: (f) =>
    `${f.file} (${f.safetyBefore ? `copie de sécurité avant ${f.safetyBefore === 'pre-restore' ? 'une restauration' : f.safetyBefore}` : `${f.reason} ${f.kind}`}${f.db ? `, ${f.db}` : ''}, prise le ${f.at} UTC, ${f.size})`,
  restorePlan: (app, backup, chosen = false, cold = false) =>
    chosen
      ? `remplacer les données actuelles de ${app} par ${backup} (ce qu'elle remplace est gardé en copie de sécurité ; ${cold ? `${app} est arrêtée pendant que ses dossiers sont remis en place` : "l'app n'est arrêtée que pour l'échange"})`
      : `remplacer les données actuelles de ${app} par la sauvegarde ${backup} (ce qu'elle remplace est gardé en copie de sécurité ; l'app est arrêtée pour l'échange)`,
  restoreSummonerPlan: (backup, chosen) =>
    chosen
      ? `remplacer l'état de Summoner lui-même (sa base : audit, planifications, notifications dues ; les secrets générés des apps, journaux de déploiement, certificats) par ${backup}, ` +
        `pris le ${chosen.at} UTC par Summoner ${chosen.version}. Summoner s'arrête, le remet en place et redémarre dessus ; ` +
        "ce qu'il contient maintenant est gardé à côté. Les données, bases et sauvegardes des apps ne sont pas touchées"
      : `remplacer l'état de Summoner lui-même par sa sauvegarde ${backup} (Summoner s'arrête et redémarre dessus)`,
  steps: {
    preflight: () => 'contrôles préalables',
    image: (ref) => `image ${ref}`,
    starting: (name) => `démarrage de ${name}`,
    creatingService: (name) => `création du service ${name}`,
    waitHealthy: (name) => `attente du bon état de santé de ${name}`,
    waitFinish: (name) => `attente de la fin de ${name}`,
    stopping: (name) => `arrêt de ${name}`,
    removing: (name) => `retrait de ${name}`,
    restarting: (name) => `redémarrage de ${name}`,
    ready: (app, url) => `${app} est prête à ${url}`,
    leftover: (app) => `retrait de ce qui reste d'une ${app} précédente (données gardées)`,
    failedCleanup: (app) => `${app} a échoué ; retrait de ce qui a été créé (données gardées)`,
    finalBackup: (app) => `dernière sauvegarde de ${app} avant d'effacer ses données`,
    deletingData: (app) => `effacement des données de ${app}`,
    dumping: (type, container, node) => `dump de ${type} (${container}${node ? ` sur ${node}` : ''})`,
    archiving: () => 'archivage de ses dossiers',
    stoppingForCold: (name) => `arrêt de ${name} pour une copie à froid`,
    proxyServing: (hosts) => `proxy : sert ${hosts}`,
    proxyRemoving: (app) => `proxy : retrait de ${app}`,
    checksum: (file) => `vérification de la somme de contrôle de ${file}`,
    safetyBefore: () => "copie de sécurité des données d'avant la restauration, depuis leurs dossiers gardés",
    restoredHealthy: (app, down) => `${app} est en bonne santé sur les données restaurées (arrêt de ${down} s)`,
    safetyKept: (folders) => `aucune copie de sécurité n'a pu être faite : les données d'avant restent dans ${folders}`,
    safetyFolders: () => 'copie de sécurité des dossiers actuels',
    puttingBackFolders: (file) => `remise en place des dossiers depuis ${file}`,
    backAsOf: (app, at) => `${app} est revenue à son état du ${at}`,
    twinStart: (type, container, name) => `démarrage d'un ${type} neuf à côté de ${container}, avec ses réglages (${name})`,
    loading: (file, size) => `chargement de ${file} dedans (${size ?? 'taille inconnue'})`,
    loadingStaged: (file, size) => `chargement de ${file} dedans (${size ?? 'taille inconnue'}), depuis une copie décompressée à côté`,
    comparingSums: () => 'comparaison de ses tables, nombres de lignes et sommes de contrôle avec la sauvegarde',
    comparingCounts: () => 'comparaison de ses tables et nombres de lignes avec la sauvegarde',
    stoppingForSwap: (name) => `arrêt de ${name} pour l'échange`,
    startingRestored: (container) => `démarrage de ${container} sur les données restaurées`,
    puttingBefore: (app) => `${app} n'est pas revenue sur les données restaurées : remise en place de ses données d'avant`,
    coldCopy: (app) => `copie à froid des données de ${app}`,
    puttingBackData: (app, file) => `remise en place des données de ${app} depuis ${file}`,
    dumpOf: (app, file) => `dump de la base de ${app} : ${file}`,
    noBackupRestart: (app) => `pas de sauvegarde : ${app} redémarre sans changement`,
    failedRollingBack: (reason, app) => `${reason} en échec : retour arrière de ${app}`,
    runsNow: (app, to, from) => `${app} tourne en ${to} (était en ${from})`,
    noPreUpdateBackup: () => "pas de sauvegarde d'avant la mise à jour : les données restent telles quelles",
    runsAgain: (app, to, from) => `${app} tourne de nouveau en ${to} (était en ${from})`,
  },
  schedulesNone: () => 'Aucune tâche planifiée. Ajoutez-en une avec `schedule add <nom> "<cron>" <commande…>`, ou sous schedules dans summoner.yml.',
  schedulesHead: () => '| tâche | quand | commande | canal | origine | dernière exécution | suivante |',
  jobNeverRun: () => 'jamais lancée',
  jobLast: (at, result) => `dernière ${at} : ${result}`,
  jobFailed: () => 'échec',
  jobPaused: () => 'suspendue',
  jobRunning: () => 'en cours',
  jobNext: (at) => `suivante ${at}`,
  jobBuiltIn: () => '(intégrée)',
  jobDestructive: () => ' (destructive, déclarée)',
  jobAdded: (name, command, cron, destructive, next) =>
    `**${name}** planifiée : \`${command}\` à \`${cron}\`${destructive ? ' (destructive, déclarée)' : ''}, prochaine exécution ${next} ; résultats ici. Elle tourne en tant que schedule:${name}, en votre nom.`,
  jobPausedNow: (name) => `**${name}** suspendue.`,
  jobResumed: (name, next) => `**${name}** reprise : prochaine exécution ${next}.`,
  jobRemoved: (name) => `**${name}** retirée.`,
  report: {
    title: (when) => `#### Rapport d'état, ${when}`,
    apps: () => '**Apps**',
    noEngine: () => '- aucun moteur Docker connecté',
    noneSummoned: () => '- aucune invoquée',
    restarts: (n) => `${n} redémarrage(s)`,
    changedByHand: () => 'modifiée à la main',
    engineSilent: (why) => `- :x: le moteur n'a pas répondu : ${why}`,
    disks: () => '**Disques**',
    diskData: () => 'données',
    diskBackups: () => 'sauvegardes',
    disk: (label, dir, used, total, pct, free) => `- ${label} \`${dir}\` : ${used} utilisés sur ${total} (${pct} %), ${free} libres`,
    diskMissing: (label, dir) => `- ${label} \`${dir}\` : pas encore créé`,
    lastBackups: () => '**Dernières sauvegardes**',
    noAppsNoBackups: () => '- aucune app, aucune sauvegarde',
    noBackupYet: (app) => `- ${app} : pas encore de sauvegarde`,
    daysAgo: (n) => ` (il y a ${n} jours)`,
    backupOk: () => 'ok',
    backupFailed: (error) => `en échec${error ? ` : ${error}` : ''}`,
    coldCopy: () => 'copie à froid',
    certificates: () => '**Certificats**',
    noCertModule: () => '- aucun module de certificats connecté',
    noneExpires: (days) => `- aucun n'expire dans les ${days} jours`,
    expires: (name, days, notAfter) => `${name} expire dans ${days} jour(s) (${notAfter})`,
    certsUnread: (why) => `- :x: impossible de lire les certificats : ${why}`,
    failedJobs: (since) => `**Tâches en échec** ${since ? `depuis le dernier rapport (${since})` : "jusqu'ici"}`,
    none: () => '- aucune',
    failedJob: (job, at, error) => `- :x: ${job} à ${at} : ${error}`,
    earlier: (n) => `- … et ${n} plus ancienne(s)`,
  },
  certsNoProxy: () => 'Pas de proxy géré ici : pas de certificats.',
  certsExternal: () => 'Le proxy est externe (`proxy.mode: external`) : son propre compagnon ACME garde les certificats.',
  certsDisabled: () => 'Les certificats sont désactivés (`certificates.enabled: false`) : le proxy ne sert que du HTTP.',
  certsNone: () => "Pas encore de certificat : il en est émis un quand une app est invoquée.",
  certsHead: (n) => `${n} certificat(s) :`,
  versionsHead: (repository, registry, pinned) => `Versions de ${repository} (${registry}), en service : ${pinned}`,
  versionInUse: () => ' ← en service',
  versionMajorJump: () => ' (saut de version majeure)',
  versionsOlder: (n) => `…et ${n} plus ancienne(s)`,
  versionsSafeUpdate: (app, tag) => `Mise à jour sans risque : \`update ${app} ${tag}\``,
  versionsNewest: () => 'La version en service est la plus récente.',
  codes: {
    'minion.unknown': "Cette app n'est pas dans le catalogue : `list` montre celles que je connais.",
    'minion.not_summoned': "Cette app n'est pas invoquée ici : `status` montre celles qui tournent.",
    'minion.bad_version': "Cette version n'existe pas : `versions <app>` liste celles du registre.",
    'engine.unreachable': 'Le moteur Docker ne répond pas : vérifiez que dockerd tourne et que je peux lire son socket.',
    'engine.none': "Aucun moteur Docker n'est configuré ici.",
    'registry.unreachable': "Le registre d'images est injoignable : réessayez plus tard, ou vérifiez le réseau.",
    'image.missing': "L'image n'existe pas : vérifiez la version demandée (`versions <app>`).",
    'port.taken': 'Un port nécessaire est déjà pris sur cette machine.',
    'preflight.disk': "Pas assez d'espace disque : libérez de la place (`prune <app>` supprime les vieilles sauvegardes).",
    'preflight.memory': 'Pas assez de mémoire libre pour cette app.',
    'app.unhealthy': "L'app a démarré mais son contrôle de santé échoue : `logs <app>` montre pourquoi.",
    'app.crashed': "L'app s'est arrêtée au démarrage : `logs <app>` montre pourquoi.",
    'backup.none': 'Aucune sauvegarde ne correspond : `backups <app>` les liste.',
    'backup.ambiguous': 'Plusieurs sauvegardes correspondent : précisez la date ou le nom du fichier.',
    'backup.failed': 'La sauvegarde a échoué ; rien de ce qui existait n’a été touché.',
    'backup.restore_failed': "La restauration a échoué ; les données d'avant sont gardées.",
    'update.rolled_back': "La mise à jour a échoué et l'app est revenue à sa version d'avant.",
    'update.not_stopped': "L'app n'a pas pu être arrêtée pour la mise à jour : rien n'a changé, elle tourne comme avant.",
    'rollback.none': "Il n'y a pas de mise à jour à annuler pour cette app.",
    'command.invalid_args': 'Arguments invalides : `help <commande>` montre l’usage.',
  },
  failed: (what, meaning) => (meaning ? `:warning: ${meaning}\n_${what}_` : `:warning: ${what}`),
};

const catalogues: Record<Lang, Replies> = { en, fr };

export function replies(lang: Lang | undefined): Replies {
  return catalogues[lang ?? 'en'];
}
