// A schedule to add said in words: the name found, the cron written from the words, the command read by the whole
// understanding step, and the whole proposed (confirmed before anything is added); what is missing, wished or denied
// adds nothing.
import { describe, expect, it } from 'vitest';
import { needsConfirm } from '../src/robot/understand/index.js';
import { scheduleSaid } from '../src/robot/understand/schedule-in-words.js';
import { read, readLine } from './helpers/utterances.js';

const isApp = (w: string) => ['ghost', 'wekan', 'nextcloud', 'gitlab', 'registry'].includes(w);

describe('scheduleSaid', () => {
  it('writes the cron of the days and the time said, in English and French', () => {
    const cron = (t: string) => scheduleSaid(t, isApp)?.cron;
    expect(cron('add a schedule wekan-nightly every night at 3am that backs up wekan')).toBe('0 3 * * *');
    expect(cron('new schedule weekly-report, every monday at nine in the morning, run the report')).toBe('0 9 * * 1');
    expect(cron('can you set up a job certs-check that runs certs every weekday at half past eight')).toBe('30 8 * * 1-5');
    expect(cron('schedule a backup of all apps every saturday at 11pm, name it sat-all')).toBe('0 23 * * 6');
    expect(cron('new job offsite-prep on the first of every month at 5am: backup all')).toBe('0 5 1 * *');
    expect(cron('set up gitlab-backup: backup gitlab every day at midnight pls')).toBe('0 0 * * *');
    expect(cron('ajoute une tâche wekan-nuit tous les soirs à 23h qui sauvegarde wekan')).toBe('0 23 * * *');
    expect(cron('crée une tâche verif-nc tous les vendredis à 17h30 : verify nextcloud')).toBe('30 17 * * 5');
    expect(cron('planifie certs du lundi au vendredi à 8h, nom certifs-matin')).toBe('0 8 * * 1-5');
    expect(cron('ajoute une tâche ghost-hebdo le mercredi à 2h du mat qui sauvegarde ghost')).toBe('0 2 * * 3');
  });

  it('takes the name out before reading the days: "daily-status" says no recurrence', () => {
    expect(scheduleSaid('add a schedule called daily-status that runs status every morning at 8', isApp)).toEqual({ name: 'daily-status', cron: '0 8 * * *', rest: 'status' });
  });

  it('finds nothing without a name, a time, or a request to add one', () => {
    expect(scheduleSaid('back up nextcloud every night at 2', isApp)).toBeUndefined(); // no name
    expect(scheduleSaid('add a schedule nightly-ghost every night that backs up ghost', isApp)).toBeUndefined(); // no time
    expect(scheduleSaid('we should add a schedule nightly-x every night at 3 that backs up wekan', isApp)).toBeUndefined();
    expect(scheduleSaid("don't add a schedule nightly-x every night at 3 backing up wekan", isApp)).toBeUndefined();
    expect(scheduleSaid('I added a schedule called nightly-w every night at 3 for the wekan backup', isApp)).toBeUndefined();
    expect(scheduleSaid('add a schedule called nightly-w every night at 3 for wekan?', isApp)).toBeUndefined();
    expect(scheduleSaid('add a schedule called nightly-w every night at 25h that backs up wekan', isApp)).toBeUndefined();
    // a question about it, not one asking for it; and "on monday", one day rather than each
    expect(scheduleSaid('did you add a job nightly-wekan every night at 2am to back up wekan?', isApp)).toBeUndefined();
    expect(scheduleSaid('add a schedule mon-ghost on monday at 9 that backs up ghost', isApp)).toBeUndefined();
  });

  it('reads a question that asks for it, and "on mondays" as each monday', () => {
    expect(scheduleSaid('can you add a job nightly-wekan every night at 2am to back up wekan?', isApp)).toEqual({ name: 'nightly-wekan', cron: '0 2 * * *', rest: 'back up wekan' });
    expect(scheduleSaid('add a schedule mon-ghost on mondays at 9 that backs up ghost', isApp)?.cron).toBe('0 9 * * 1');
  });
});

describe('a schedule said in words, read', () => {
  it('is the exact schedule line, proposed for a yes rather than run', () => {
    const r = read('add a schedule wekan-nightly every night at 3am that backs up wekan');
    expect(r.kind).toBe('command');
    if (r.kind !== 'command') return;
    expect(r.parsed.canonical).toBe('schedule add wekan-nightly "0 3 * * *" "backup wekan"');
    expect(needsConfirm(r)).toBe(true);
  });

  it('never schedules a destructive command from words (it needs --destructive, said exactly)', () => {
    for (const t of ['add a schedule nightly-wipe every night at 3 that dismisses wekan', 'add a schedule foo-bar every night at 3 that restores ghost']) {
      const r = read(t);
      expect(r.kind, t).toBe('ask');
      // (and says the exact form it would take, with --destructive)
      if (r.kind === 'ask') expect(r.question.text, t).toMatch(/is destructive.*`schedule add \S+ "0 3 \* \* \*" --destructive "(?:dismiss|restore) /);
    }
    const fr = read('ajoute une tâche purge-nuit tous les soirs à 23h qui supprime wekan');
    expect(fr.kind === 'ask' && fr.question.text).toContain('`schedule add purge-nuit "0 23 * * *" --destructive "dismiss wekan"`');
  });
});

const got = readLine;

describe('a schedule said in words, round 42', () => {
  it('takes a name given to the job as the request, without "add a schedule" before it', () => {
    expect(scheduleSaid('back up wekan every night at 3, call it wekan-nightly', isApp)).toEqual({ name: 'wekan-nightly', cron: '0 3 * * *', rest: 'back up wekan' });
    expect(scheduleSaid('backup wordpress every friday at 6pm, name: wp-weekly', isApp)?.cron).toBe('0 18 * * 5');
    expect(scheduleSaid('sauvegarde wekan toutes les nuits à 3h, appelle-la wekan-nuit', isApp)).toEqual({ name: 'wekan-nuit', cron: '0 3 * * *', rest: 'sauvegarde wekan' });
    expect(scheduleSaid('add a job nextcloud-nightly, 3:15 every night, backup nextcloud', isApp)?.cron).toBe('15 3 * * *');
    expect(scheduleSaid('mon to fri at 8:30 post the report, job name weekday-report', isApp)?.cron).toBe('30 8 * * 1-5');
    expect(scheduleSaid('on the 1st of every month at 6am back up everything, call the job monthly-all', isApp)?.cron).toBe('0 6 1 * *');
    // told as done, not asked
    expect(scheduleSaid('we already set up a job called wekan-3am every night at 3 for wekan', isApp)).toBeUndefined();
    expect(scheduleSaid("on a créé la tâche wekan-nuit toutes les nuits à 3h, nom wekan-nuit", isApp)).toBeUndefined();
  });

  it('reads the command said in words after a typed cron', () => {
    expect(scheduleSaid('add job gitlab-6h with cron "0 */6 * * *" that backs up gitlab', isApp)).toEqual({ name: 'gitlab-6h', cron: '0 */6 * * *', rest: 'back up gitlab' });
    expect(got('nouvelle tâche gitlab-6h avec le cron "0 */6 * * *" pour sauvegarder gitlab')).toBe('schedule add gitlab-6h "0 */6 * * *" "backup gitlab"');
  });

  it('pauses, resumes and removes a job named in words', () => {
    expect(got('put the job nc-verify on pause')).toBe('schedule pause nc-verify');
    expect(got('start the gitlab-bkp schedule again')).toBe('schedule resume gitlab-bkp');
    expect(got('sors la tache nc-verif de pause')).toBe('schedule resume nc-verif');
    expect(got('vire la planif gitlab-6h, c’est trop')).toBe('schedule remove gitlab-6h');
    // no name: « la tâche de nuit » says which, and "every" is none
    expect(got('mets en pause la tâche de nuit')).toBe('?');
    expect(got('remove every schedule')).toBe('?');
  });
});

describe('other tools’ lines and options, round 42', () => {
  it('explains a command that acts when a dry run is asked beside it', () => {
    expect(got('update ghost --dry-run')).toBe('explain "update ghost"');
    expect(got('fais un --dry-run de update gitlab, je veux juste voir ce que ça lancerait')).toBe('explain "update gitlab"');
    expect(got('status ghost --check')).toBe('status ghost');
  });

  it('never reads what an exec runs inside a container, nor a destructive command without an option it cannot take', () => {
    expect(got('docker exec -it wordpress wp plugin update --all')).toBe('?');
    expect(got('docker exec gitlab gitlab-backup create')).toBe('backup gitlab');
    expect(got('kubectl rollout undo deploy/gitlab --to-revision=3')).toBe('?');
    expect(got('rollback gitlab --to-revision=3')).toBe('?');
    expect(got('kubectl scale --replicas=0 mattermost')).toBe('?');
    expect(got('restore ghost --date yesterday')).toBe('restore ghost 2026-12-01');
  });
});
