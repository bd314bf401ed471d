// How a message is shaped around its request (round 15): an e-mail's greeting and sign-off, a list's marker,
// another bot's prefix, a request made to the bot in the third person, a message said to someone else, a
// correction or a taking back as it is typed. Read through the understanding step with the corpus's vocabulary.
import { describe, expect, it } from 'vitest';
import { readLine as got } from './helpers/utterances.js';

describe('message shapes', () => {
  it('reads the body of an e-mail, not its greeting and sign-off', () => {
    expect(got('Hello, Please restart Wekan, the board is not loading for the sales team. Regards, Julia')).toBe('restart wekan');
    expect(got("Good morning, Please restore Nextcloud from yesterday's backup, a whole folder was deleted by mistake. Best regards, Claire")).toBe('restore nextcloud 2026-12-01');
    expect(got('Bonjour Summoner, Merci de sauvegarder toutes les applications. Bonne fin de journée, Sophie')).toBe('backup all');
    expect(got('Dear Summoner, I hope you are well. Best regards, Julia')).toBe('?');
  });

  it('takes off a numbered list marker and another bot prefix, and quotes a prefixed command inside a sentence', () => {
    expect(got('2) logs for wordpress, last 40 lines')).toBe('logs wordpress 40');
    expect(got('!dismiss static --purge')).toBe('dismiss static --purge');
    expect(got('/restore wekan 2026-11-28')).toBe('restore wekan 2026-11-28');
    expect(got('note to self: !backup all before friday')).toBe('?');
    expect(got('- [x] backup nextcloud')).toBe('?');
  });

  it('reads a request made to the bot or to someone in the third person, not a question of what it can do', () => {
    expect(got('le bot pourrait sauvegarder ghost ?')).toBe('backup ghost');
    expect(got("il faudrait que quelqu'un vérifie la sauvegarde de nextcloud d'hier")).toBe('verify nextcloud 2026-12-01');
    expect(got('que le robot fasse une sauvegarde de tout, merci')).toBe('backup all');
    expect(got('le bot peut-il supprimer ghost ?')).toBe('?');
    expect(got("quelqu'un sait ce que c'est ?")).toBe('?');
    expect(got('@marc can you restart gitlab when you have a minute?')).toBe('?');
  });

  it('reads what a message corrects, asks a destructive one, and runs nothing taken back', () => {
    expect(got('restart ghost, sorry, I meant wekan')).toBe('restart wekan');
    expect(got('scale wekan to 5, hmm no, 4')).toBe('scale wekan 4');
    expect(got("vérifie la sauvegarde de gitlab d'hier, pardon, d'avant-hier")).toBe('verify gitlab 2026-11-30');
    expect(got('logs of gitlab, wait no, the status of gitlab')).toBe('status gitlab');
    expect(got('restore nextcloud from monday, no, from sunday')).toBe('?');
    expect(got('update gitlab, no actually leave it')).toBe('?');
    expect(got('supprime ghost... non attends, rien')).toBe('?');
    // (an apology or "no rush" after a request corrects nothing)
    expect(got('please restart wekan, sorry')).toBe('restart wekan');
    expect(got('restart wekan, no rush')).toBe('restart wekan');
  });

  it('reads a "not" that tells how a thing is as the reason, and thanks for what was done as no request', () => {
    expect(got('redémarre wekan, le tableau ne charge pas')).toBe('restart wekan');
    expect(got('restart wekan, it is not needed')).toBe('?');
    expect(got('Merci pour la restauration de WordPress hier, tout refonctionne.')).toBe('?');
    expect(got("Merci de supprimer le registry, il n'est plus utilisé par personne.")).toBe('dismiss registry');
    expect(got("Merci d'avoir redémarré wekan")).toBe('?');
    expect(got('please take Ghost down and remove it. The data can stay on disk.')).toBe('dismiss ghost');
  });
});

describe('apps by host, pasted lines', () => {
  it('reads an app named by the host it is served on, and keeps a link to a file as a link', () => {
    expect(got('restart https://gitlab.example.org please, 502 everywhere')).toBe('restart gitlab');
    expect(got("ghost.team.fr is throwing 500s, show me its logs")).toBe('logs ghost');
    expect(got('les logs de https://static.exemple.fr, 60 lignes')).toBe('logs static 60');
    expect(got('https://nextcloud.example.org/s/aB3x is the share link for the backup plan doc')).toBe('?');
  });

  it('runs a line pasted in backticks or quotes when its clause asks for it, never one talked about', () => {
    expect(got('can you run `backup gitlab` for me')).toBe('backup gitlab');
    expect(got('run this one: `update wekan`')).toBe('update wekan');
    expect(got('`outbox drop 12` please, that one is the broken webhook')).toBe('outbox drop 12');
    expect(got('lance `summon ghost 5.116.2` stp')).toBe('summon ghost 5.116.2');
    expect(got('« backups summoner » merci')).toBe('backups summoner');
    expect(got("don't run `prune nextcloud` until the audit is done")).toBe('?');
    expect(got('I pasted `backup all` in the wrong channel, please ignore it')).toBe('?');
    expect(got('will do `update gl` after standup')).toBe('?');
    expect(got('`dismiss ghost --purge`?? seriously??')).toBe('?');
    expect(got('please explain "dismiss ghost" to me')).toBe('explain "dismiss ghost"');
  });
});

describe('commands taught, capability asked', () => {
  it('runs nothing a trainer describes: a lesson heading, what one types, an example, what a line does, "ask the bot"', () => {
    expect(got('So, to get a fresh backup you type backup followed by the app name, like backup ghost.')).toBe('?');
    expect(got("Pour les nouveaux : restart wekan redémarre d'abord la base, puis l'appli.")).toBe('?');
    expect(got('Tip of the day: logs nextcloud 100 gives you the last hundred lines.')).toBe('?');
    expect(got("Bon, à vous : demandez au bot l'état de wekan.")).toBe('?');
    // (and still reads what asks: "what versions does…", "how does scale work?")
    expect(got('what versions does wordpress have')).toBe('versions wordpress');
    expect(got('how does scale work?')).toBe('help scale');
  });

  it('asks the bot in the third person as "you", and a destructive phrase said short of a word gives way to the one said whole', () => {
    expect(got('can summoner back up to S3?')).toBe('?');
    expect(got('can summoner back up ghost?')).toBe('backup ghost');
    expect(got('can you bring up mattermost version 9.11.1?')).toBe('summon mattermost 9.11.1');
    expect(got('bring mattermost up to 9.11.1')).toBe('update mattermost 9.11.1');
  });
});
