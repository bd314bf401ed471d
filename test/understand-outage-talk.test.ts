// How people write in an outage and around it (round 43's blind batches FV-FZ): letters held down, a value set aside
// with a "not", a trouble gone that takes a request back, dates of last week, a nightly run named by its day, a version
// that is another program's, two requests joined by "and", and what Summoner cannot do (renew a certificate now).
import { describe, expect, it } from 'vitest';
import { readLine as got } from './helpers/utterances.js';
import { unstretched } from '../src/robot/understand/stretched-words.js';
import { withoutSetAside } from '../src/robot/understand/set-aside.js';

describe('letters held down', () => {
  it('a run of one letter is cut to a word Summoner knows', () => {
    const known = new Set(['restore', 'wekan', 'please', 'status', 'ghost', 'down']);
    expect(unstretched('restoooore wekaaan pleeeease', (w) => known.has(w))).toBe('restore wekan please');
    // with no known word, one letter per run; a double letter is kept when it makes the word
    expect(unstretched('ghosttt is downnn', (w) => known.has(w))).toBe('ghost is down');
    expect(unstretched('staaatus', (w) => w === 'status')).toBe('status');
    // an address or a name with dots is no word typed in a hurry
    expect(unstretched('backup www.example.org', () => false)).toBe('backup www.example.org');
    // nor a word longer than any typed in a hurry
    expect(unstretched('x'.repeat(100), () => false)).toBe('x'.repeat(100));
  });

  it('is read as the request', () => {
    expect(got('restoooore wekaaan from last friday pleeeease 🙏🙏🙏')).toBe('restore wekan 2026-11-27');
    expect(got("restauuure gitlab d'avant-hier steuplé 🙏🙏 la branche main est cassée")).toBe('restore gitlab 2026-11-30');
    expect(got('ghosttt is downnn agaaain, staaatus pleease')).toBe('status ghost');
  });
});

describe('a value set aside with a "not"', () => {
  it('after one of its kind, the value kept is read', () => {
    expect(withoutSetAside('restore gitlab from yesterday, NOT from last friday')).toBe('restore gitlab from yesterday,');
    expect(got('restore gitlab from yesterday, NOT from last friday')).toBe('restore gitlab 2026-12-01');
    expect(got("restaure gitlab de vendredi dernier, PAS d'hier")).toBe('restore gitlab 2026-11-27');
    expect(got('update gitlab to 17.6.1 asap!!! not 17.6.0, 17.6.1!!!')).toBe('update gitlab 17.6.1');
    expect(got('i said RESTART not update!!! restart wordpress!!! 😤')).toBe('restart wordpress');
  });

  it('with none before it, or said again after it, the "not" still turns the request around', () => {
    expect(withoutSetAside("restore wekan, not yesterday's backup")).toBe("restore wekan, not yesterday's backup");
    expect(got("restore wekan, not yesterday's backup")).toBe('?');
    expect(got('retry dead letter 12, not 13, 13 is the gitlab spam')).toBe('?');
  });
});

describe('taken back, asked, or not a request', () => {
  it('the trouble said gone after "ah non" takes the request back', () => {
    expect(got('fais un rollback de wordpress... ah non, le 502 a disparu')).toBe('?');
    expect(got('roll back wordpress, oh no wait, the 502 is gone')).toBe('?');
  });

  it('"restart nothing" and « redémarre RIEN » run nothing', () => {
    expect(got("redémarre RIEN !!! je veux juste l'état de mattermost. L'ÉTAT.")).not.toMatch(/^restart/);
    expect(got('redémarre rien')).toBe('?');
  });

  it('what doing it would do, asked, does nothing; a polite "would it be possible" still asks for it', () => {
    expect(got('THE REGISTRY IS FULL 😱 what does prune do?? would it delete the images we need??')).toBe('?');
    expect(got('would it delete the images we need??')).toBe('?');
    expect(got('would it be possible to restart wekan right now?')).toBe('restart wekan');
  });

  it('whether a backup exists, asked pleadingly, is the listing', () => {
    expect(got("pleeeease tell me there's a backup of mattermost from yesterday 🙏😰")).toBe('backups mattermost');
    expect(got("pitiéééé dites-moi qu'on a une sauvegarde de wordpress de vendredi 🙏😰")).toBe('backups wordpress');
  });

  it('a certificate renewed on demand is answered, never read as the listing', () => {
    expect(got('renew the certificate for wekan now please')).toBe('?');
    expect(got('tu peux forcer le renouvellement du certif de mattermost, il expire vendredi')).toBe('?');
    expect(got('when do the certs renew?')).toBe('certs');
  });

  it('two requests joined by a plain "and" are asked one at a time', () => {
    expect(got('passe ghost en 5.116.0 et mets le sur 2 instances')).toBe('?');
    // a request and what to do after it stays the request
    expect(got('redémarre ghost et préviens-moi quand il est revenu')).toBe('restart ghost');
  });

  it('a version of a program inside the app is no version of the app', () => {
    expect(got('monte postgres en 16 sur nextcloud')).toBe('?');
    expect(got('upgrade the php of wordpress to 8.3')).toBe('?');
    expect(got('update wordpress to 6.7.1')).toBe('update wordpress 6.7.1');
  });
});

describe('values said in words', () => {
  it('a weekday of last week is that day of the week before this one', () => {
    expect(got("restore ghost from last week's friday")).toBe('restore ghost 2026-11-27');
    expect(got('restaure gitlab du mardi de la semaine dernière')).toBe('restore gitlab 2026-11-24');
    expect(got('need the ghost backup from monday of last week restored asap')).toBe('restore ghost 2026-11-23');
    // "last week" alone is seven days ago, as before
    expect(got('restore gitlab from last week')).toBe('restore gitlab 2026-11-25');
  });

  it('a time to the minute after a day gone by is that backup; an hour alone names the day, never a moment ahead', () => {
    expect(got("restaure ghost d'hier à 14h30")).toBe('restore ghost 2026-12-01T14:30');
    expect(got('restore ghost from yesterday at 2am')).toBe('restore ghost 2026-12-01');
    expect(got("restaure nextcloud avec celle de 2h d'hier")).toBe('restore nextcloud 2026-12-01');
    // the state at an hour is no backup: asked
    expect(got('can you restore nextcloud to yesterday around 6pm?')).toBe('?');
    expect(got('backup gitlab at 3am')).toBe('?');
  });

  it("a nightly run named by its day is that day's backup; a nightly request is for later", () => {
    expect(got('restore mattermost from the nightly one from monday')).toBe('restore mattermost 2026-11-30');
    expect(got("please restore mattermost from monday's nightly")).toBe('restore mattermost 2026-11-30');
    expect(got('backup ghost nightly')).toBe('?');
  });

  it('a day verify cannot place is asked, never dropped', () => {
    expect(got('verify static from the weekend')).toBe('?');
    expect(got('verify the wordpress backup from the 31st of november')).toBe('?');
    expect(got('check the wordpress backup is sound before we restore it')).toBe('verify wordpress');
  });

  it('counts, versions and statuses', () => {
    expect(got('ok the spike is over, back to one for wordpress')).toBe('scale wordpress 1');
    expect(got('revert wordpress back to one')).toBe('rollback wordpress');
    expect(got('passe registry à 2, les pull sont lents')).toBe('scale registry 2');
    expect(got('install nextcloud 30 for the hr folks 🙏')).toBe('summon nextcloud 30');
    expect(got('update gitlab 2 weeks from now')).not.toBe('update gitlab 2');
    expect(got('can you check the wekan logs, 504 when uploading attachments')).toBe('logs wekan');
    expect(got('who restarted ghost this morning? saw a 502 blip')).toBe('history');
    expect(got('fais un essai à blanc de la maj de wordpress en 6.7.1')).toBe('explain "update wordpress 6.7.1"');
  });

  it('the version an app goes to, after the one it is on; a span of days is no count of the history', () => {
    expect(got('upgrade gitlab from 17.5.0 to 17.6.1 plz, ticket #4471')).toBe('update gitlab 17.6.1');
    expect(got('gitlab est en 17.5.0, passe le en 17.6.1')).toBe('update gitlab 17.6.1');
    expect(got('is 17.6.1 out for gitlab yet?')).not.toMatch(/^update/);
    expect(got('history for the past 3 days pls')).toBe('history');
    expect(got('history 30 --jobs, je veux voir si le job de 3 h a planté')).toBe('history 30 --jobs');
  });

  it('DNS, firewalls and redirects are said to be outside what Summoner manages, never read as the status', () => {
    expect(got('open port 443 on the firewall for registry')).toBe('?');
    expect(got('fais pointer docs.exemple.fr vers static stp')).toBe('?');
    expect(got('can you add a dns record for wiki.example.org pointing to nextcloud?')).toBe('?');
    expect(got('open the logs of ghost')).toBe('logs ghost');
  });

  it('the notification center in plain words', () => {
    expect(got('are there failed webhook deliveries?')).toBe('outbox');
    expect(got("combien de messages en attente d'envoi ?")).toBe('outbox');
    expect(got('put the failed notifications back in the queue')).toBe('outbox retry all');
    expect(got('when is the next run of the report job')).toBe('schedules');
    expect(got("j'ai le droit de relancer l'outbox moi ? qu'est-ce que je peux lancer")).toBe('whoami');
    expect(got('hello, i am testing, you are receiving my messages?')).toBe('ping');
    expect(got('bonjour, je teste, tu reçois mes messages ?')).toBe('ping');
    expect(got('hello sir, what is the status of all the apps?')).toBe('status');
  });
});
