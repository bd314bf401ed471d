// Commands speak the user's language (ctx.lang / ctx.t): help, whoami, status and the framing of a coded
// error in French for a user whose locale is fr, English unchanged for the others; a confirmation clicked
// by a French user is answered in French too (the language rides in the signed button context).
import { afterEach, describe, expect, it, vi } from 'vitest';
import backups from '../commands/backups.js';
import { resultTable } from '../commands/backup-render.js';
import certs from '../commands/certs.js';
import dismiss from '../commands/dismiss.js';
import outbox from '../commands/outbox.js';
import report from '../commands/report.js';
import restart from '../commands/restart.js';
import restore from '../commands/restore.js';
import { said } from '../src/core/reporting.js';
import { schedules } from '../commands/schedules.js';
import { createStatusReport } from '../src/notify/report.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtinCommands, coreCommands, notifyCommands } from '../commands/index.js';
import { SummonerError } from '../src/errors.js';
import { replies } from '../src/i18n/replies.js';
import { defineCommand } from '../src/robot/command.js';
import { CATALOG, testBot, type TestBot } from './helpers/robot.js';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.robot.stop(100);
  bot = undefined;
});
const fr = { locale: 'fr_FR.UTF-8' };

describe('commands answer in the user language', () => {
  it('whoami, in French and in English', async () => {
    bot = await testBot({ apps: () => CATALOG });
    await bot.chat.say('whoami', fr);
    expect(bot.chat.last().out.text).toMatch(/^Vous êtes @\S+, identifiant `u-admin` \(via test\)\.\nAdmin : oui\. Rôles : aucun\.\nVous pouvez lancer \d+ commandes sur \d+ ; dites `help` pour les voir\.$/);
    await bot.chat.say('whoami');
    expect(bot.chat.last().out.text).toMatch(/^You are @\S+, user id `u-admin` \(via test\)\.\nAdmin: yes\./);
  });

  it('help lists the commands with French summaries (a command without one keeps its own)', async () => {
    bot = await testBot({ apps: () => CATALOG });
    await bot.chat.say('help', fr);
    const text = bot.chat.last().out.text;
    expect(text).toMatch(/^\*\*Commandes que vous pouvez lancer\*\* \(\d+\) :/);
    expect(text).toContain("- `ping` : vérifier que j'écoute");
    expect(text).toContain('- `explode [how]` : fail on purpose'); // a test command: no French summary, its own
    expect(text).toContain('- `dismiss <app> [--purge]` : arrêter et retirer une app (ses données sont gardées, sauf avec --purge) (demande confirmation)');
    await bot.chat.say('help dismiss', fr);
    expect(bot.chat.last().out.text).toContain("Destructive : elle est d'abord proposée");
  });

  it('the less used commands too: history (empty, then its table), ping, certs without a proxy', async () => {
    bot = await testBot({ apps: () => CATALOG, commands: [...builtinCommands, certs] });
    await bot.chat.say('history', fr);
    expect(bot.chat.last().out.text).toBe("Aucune commande enregistrée pour l'instant.");
    await bot.chat.say('ping', fr);
    expect(bot.chat.last().out.text).toBe('pong');
    await bot.chat.say('historique', fr);
    // a paraphrase says what it was read as, then the table, in French
    expect(bot.chat.last().out.text).toMatch(/^\(compris comme `history`\)\n\| réf\. \| quand \(UTC\) \| qui \| texte \| résultat \| durée \|\n\|---/);
    expect(bot.chat.last().out.text).toContain('`ping`');
    await bot.chat.say('history');
    expect(bot.chat.last().out.text).toMatch(/^\| ref \| when \(UTC\) \| who \| text \| outcome \| took \|/);
    await bot.chat.say('les certificats', fr);
    expect(bot.chat.last().out.text).toBe('(compris comme `certs`)\nPas de proxy géré ici : pas de certificats.');
    await bot.chat.say('certs');
    expect(bot.chat.last().out.text).toBe('No managed proxy here: no certificates.');
  });

  it('backups, the backup result table and the status report, in French (the core\'s own words passed in)', async () => {
    const manifest = { version: 1, app: 'ghost', kind: 'dump', type: 'mariadb', file: 'ghost-20261203T020000Z-dump.sql.zst', createdAt: '2026-12-03T02:00:00.000Z', reason: 'schedule', bytes: 2048, sha256: 'a'.repeat(64), durationMs: 1500, flags: ['float columns: t.x'] };
    const safety = { ...manifest, file: 'ghost-20261203T030000Z-dump.sql.zst', createdAt: '2026-12-03T03:00:00.000Z', reason: 'pre-restore', safety: true };
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-i18n-'));
    const kv = new Map<string, string>();
    // a cold copy found by its file alone (no manifest): named in the reader's language
    fs.mkdirSync(path.join(root, 'backups', 'wekan'), { recursive: true });
    const coldFile = path.join(root, 'backups', 'wekan', 'wekan-20261203T010000Z-cold.tar.gz');
    fs.writeFileSync(coldFile, 'x'.repeat(2048));
    fs.utimesSync(coldFile, new Date('2026-12-03T01:00:00Z'), new Date('2026-12-03T01:00:00Z'));
    const statusReport = createStatusReport({ dataRoot: root, backupRoot: path.join(root, 'backups'), kv: { get: (k) => kv.get(k), set: (k, v) => void kv.set(k, v) }, now: () => Date.parse('2026-12-04T09:00:00Z') });
    bot = await testBot({ apps: () => CATALOG, commands: [...builtinCommands, backups, report], services: { backups: { list: async () => [{ manifest }, { manifest: safety }] }, report: statusReport } as never });
    await bot.chat.say('backups ghost', fr);
    const text = bot.chat.last().out.text;
    expect(text).toMatch(/^\| quand \(UTC\) \| type \| taille \| durée \| sha256 \| pourquoi \| vérifiée \| notes \|\n\|---/);
    expect(text).toContain('| 2026-12-03 02:00:00 | dump (mariadb) | 2.0 kB | 1.5 s | `aaaaaaaaaaaa` | schedule | – | float columns: t.x |');
    expect(text).toContain('**Copies de sécurité** (prises par Summoner avant de modifier ghost');
    await bot.chat.say('backups ghost');
    expect(bot.chat.last().out.text).toMatch(/^\| when \(UTC\) \| kind \| size \| took /);
    await bot.chat.say('report', fr);
    expect(bot.chat.last().out.text).toMatch(/^#### Rapport d'état, 2026-12-04 09:00 UTC\n\*\*Apps\*\*\n- aucun moteur Docker connecté\n\*\*Disques\*\*\n- données `[^`]+` : \S+ \S+ utilisés sur /);
    expect(bot.chat.last().out.text).toContain("**Tâches en échec** jusqu'ici\n- aucune");
    expect(bot.chat.last().out.text).toContain('- wekan: copie à froid 2026-12-03 01:00 UTC, ');
    await bot.chat.say('report');
    expect(bot.chat.last().out.text).toContain('- wekan: cold copy 2026-12-03 01:00 UTC, ');
    expect(bot.chat.last().out.text).toMatch(/^#### Status report, 2026-12-04 09:00 UTC\n\*\*Apps\*\*\n- no Docker engine connected\n\*\*Disks\*\*/);
    const result = { app: 'ghost', kind: 'cold', ok: true, bytes: 10, durationMs: 2000, downtimeMs: 1500, flags: [], sha256: 'b'.repeat(64) } as never;
    expect(resultTable([result], replies('fr'))).toBe('| app | type | taille | durée | sha256 | résultat |\n|---|---|---|---|---|---|\n| ghost | cold | 10 B | 2.0 s | `bbbbbbbbbbbb` | :white_check_mark: ok; arrêtée 1.5 s |');
    expect(resultTable([result])).toContain('| :white_check_mark: ok; down 1.5 s |');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('schedules, in French', async () => {
    const job = { name: 'nightly', cron: '0 3 * * *', command: 'backup all', origin: 'chat', lastRunAt: Date.parse('2026-12-03T03:00:00Z'), lastOk: true, nextRun: Date.parse('2026-12-05T03:00:00Z') };
    bot = await testBot({ apps: () => CATALOG, commands: [...builtinCommands, schedules], services: { scheduler: { list: () => [job, { ...job, name: 'kept', paused: true, lastRunAt: undefined }] } } as never });
    await bot.chat.say('schedules', fr);
    const text = bot.chat.last().out.text;
    expect(text).toContain('| tâche | quand | commande | canal | origine | dernière exécution | suivante |');
    expect(text).toContain('| nightly | `0 3 * * *` | `backup all` | ops | chat | dernière 2026-12-03 03:00 UTC : ok | suivante 2026-12-05 03:00 UTC |');
    expect(text).toContain('| kept | `0 3 * * *` | `backup all` | ops | chat | jamais lancée | suspendue |');
    await bot.chat.say('schedules');
    expect(bot.chat.last().out.text).toContain('| nightly | `0 3 * * *` | `backup all` | ops | chat | last 2026-12-03 03:00 UTC: ok | next 2026-12-05 03:00 UTC |');
  });

  it("a scheduled report posts in the team's language (config `language`), a user's own locale still wins", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-i18n-'));
    const kv = new Map<string, string>();
    const statusReport = createStatusReport({ dataRoot: root, backupRoot: root, kv: { get: (k) => kv.get(k), set: (k, v) => void kv.set(k, v) } });
    bot = await testBot({ apps: () => CATALOG, lang: 'fr', commands: [...builtinCommands, report], services: { report: statusReport } as never });
    const ran = await bot.robot.invokeAsSystem({ id: 'daily-1', principal: { kind: 'schedule', name: 'daily' }, text: 'report', channel: 'ops', command: 'report' });
    expect(ran.outcome).toBe('ok');
    expect(bot.chat.last().out.text).toMatch(/^#### Rapport d'état, /);
    await bot.chat.say('report', { locale: 'en_US.UTF-8' });
    expect(bot.chat.last().out.text).toMatch(/^#### Status report, /);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("the core's progress steps, said by key, in French; a step without a key keeps the core's English", async () => {
    // the step a failed run stopped at is in its final post (the steps between are coalesced edits)
    let last: [string, object?] = ['', undefined];
    const core = {
      restart: async (_app: string, r: { step(text: string, detail?: object): void }) => {
        r.step(...last);
        throw new SummonerError('app.unhealthy', 'db-1 did not pass its check');
      },
    };
    bot = await testBot({ apps: () => CATALOG, commands: [...builtinCommands, restart], services: { core } as never });
    last = said('waitHealthy', ['db-1']);
    await bot.chat.say('restart ghost', fr);
    expect(bot.chat.texts().at(-1)).toContain('dernière étape : attente du bon état de santé de db-1');
    last = ['something new'];
    await bot.chat.say('restart ghost', fr);
    expect(bot.chat.texts().at(-1)).toContain('dernière étape : something new');
    last = said('waitHealthy', ['db-1']);
    await bot.chat.say('restart ghost');
    expect(bot.chat.texts().at(-1)).toContain('last step: waiting for db-1 to be healthy');
  });

  it("a destructive command's confirmation says what it will do in the user's language", async () => {
    const core = { checkDismiss: async () => undefined };
    bot = await testBot({ apps: () => CATALOG, commands: [...builtinCommands, dismiss], services: { core } as never });
    await bot.chat.say('dismiss ghost --purge', fr);
    expect(bot.chat.last().out.text).toContain('arrêter et retirer ghost, faire une dernière sauvegarde, puis EFFACER ses données et ses mots de passe pour de bon');
    await bot.chat.say('dismiss ghost');
    expect(bot.chat.last().out.text).toContain("stop and remove ghost's containers (its data is kept; `summon ghost` brings it back)");
  });

  it("a restore's confirmation names the backup in the user's language (file, why, when, size)", async () => {
    const manifest = { version: 1, app: 'ghost', kind: 'dump', type: 'mariadb', file: 'ghost-20261202T091500Z-dump.sql.zst', createdAt: '2026-12-02T09:15:00.000Z', reason: 'manual', codec: 'zstd', bytes: 787_000, sha256: 'ab', durationMs: 1, flags: [] };
    const backups = { choose: async () => ({ path: `/b/${manifest.file}`, manifest }), list: async () => [] };
    const core = { status: async () => [{ app: 'ghost' }] };
    bot = await testBot({ apps: () => CATALOG, commands: [...builtinCommands, restore], services: { backups, core } as never });
    await bot.chat.say('restore ghost 2026-12-02', fr);
    expect(bot.chat.last().out.text).toContain('par ghost-20261202T091500Z-dump.sql.zst (manual dump, mariadb, prise le 2026-12-02 09:15:00 UTC, 787.0 kB)');
    await bot.chat.say('restore ghost 2026-12-02');
    expect(bot.chat.last().out.text).toContain('with ghost-20261202T091500Z-dump.sql.zst (manual dump, mariadb, taken 2026-12-02 09:15:00 UTC, 787.0 kB)');
  });

  it('a yes or no with nothing to confirm is answered in the user language', async () => {
    bot = await testBot({ apps: () => CATALOG });
    await bot.chat.say('non', fr);
    expect(bot.chat.last().out.text).toBe("Rien n'attend votre confirmation dans ce fil (répondez dans le fil de la proposition, ou utilisez ses boutons).");
    await bot.chat.say('no');
    expect(bot.chat.last().out.text).toMatch(/^Nothing is waiting for your confirmation/);
  });

  it('every shipped command has its French summary (help in French lists no English line)', () => {
    const missing = [...builtinCommands, ...notifyCommands, ...coreCommands].map((c) => c.name).filter((n) => !replies('fr').summaries[n]);
    expect(missing).toEqual([]);
  });

  it('outbox, in French: counts, dead letters, and a drop confirmed', async () => {
    const dead = [{ id: 7, recipe: 'ci', lane: '~dev', kind: 'post', data: { out: { text: 'pipeline failed' } }, error: '404 channel not found', failedAt: Date.parse('2026-12-03T10:00:00Z') }];
    const notify = { outboxByLane: () => ({ '~dev': { dead: 1 } }), deadLetters: () => dead, retryDeadLetters: async (ids: number[]) => ids.length, dropDeadLetters: async (ids: number[]) => ids.length };
    bot = await testBot({ apps: () => CATALOG, commands: [...builtinCommands, outbox], services: { notify } as never });
    await bot.chat.say('outbox', fr);
    expect(bot.chat.last().out.text).toContain('Lettres mortes (`outbox retry <id|all>`, `outbox drop <id|all>`) :\n\n| id | recette | canal | événement | erreur | échec (UTC) |');
    await bot.chat.say('outbox retry 7', fr);
    expect(bot.chat.last().out.text).toContain("1 lettre(s) morte(s) remise(s) dans leur file");
    await bot.chat.say('outbox drop 7', fr);
    expect(bot.chat.last().out.text).toContain('Supprimer 1 lettre(s) morte(s) (7) : elles ne seront jamais envoyées.');
  });

  it('status, in French', async () => {
    bot = await testBot({ apps: () => CATALOG });
    await bot.chat.say('status', fr);
    const text = bot.chat.last().out.text;
    expect(text).toMatch(/^\*\*Summoner 0\.0\.0-test\*\*, lancé depuis \d+s\nChat : test, en bonne santé/);
    expect(text).toContain('Moteur : aucun connecté');
  });

  it('a coded error says what it means in French first, the core\'s own words after', async () => {
    bot = await testBot({ apps: () => CATALOG });
    await bot.chat.say('explode coded', fr);
    expect(bot.chat.last().out.text).toBe(`:warning: ${replies('fr').codes['engine.unreachable']}\n_the Docker engine does not answer_\nis dockerd running?`);
    await bot.chat.say('explode coded');
    expect(bot.chat.last().out.text).toBe(':warning: the Docker engine does not answer\nis dockerd running?');
    await bot.chat.say('explode', fr);
    expect(bot.chat.last().out.text).toMatch(/^:warning: `explode` a échoué sur une erreur interne \(réf\. #\d+\)/);
  });

  it('a confirmation clicked by a French user runs the command in French (the language rides in the button)', async () => {
    const langs: string[] = [];
    const wipe = defineCommand({
      name: 'wipe',
      summary: 'wipe',
      description: 'test: a destructive command that says which language it was run in',
      examples: ['wipe'],
      args: [] as const,
      sideEffects: true,
      destructive: true,
      async run(ctx) {
        langs.push(ctx.lang);
        return ctx.t.noCatalog();
      },
    });
    bot = await testBot({ apps: () => CATALOG, commands: [...builtinCommands, wipe] });
    await bot.chat.say('wipe', fr);
    const proposal = bot.chat.last();
    expect(proposal.out.buttons?.[0]?.context).toMatchObject({ decision: 'yes', lang: 'fr' });
    await bot.chat.click(proposal, 'confirm', 'u-admin', 'alice');
    await vi.waitFor(() => expect(bot!.chat.texts()).toContain("Aucun catalogue n'est chargé."), { timeout: 5000 });
    expect(langs).toEqual(['fr']);
    // an English asker's buttons carry no language (as before)
    await bot.chat.say('wipe');
    expect(bot.chat.last().out.buttons?.[0]?.context).toEqual({ proposal: expect.any(String), decision: 'yes' });
  });
});
