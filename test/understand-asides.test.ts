// What a message says beside its request, read as such: a question about what was done, a clause that nothing is to be
// deleted, a run asked again by a pronoun, a question of which is better, a premise that something is over.
import { describe, expect, it } from 'vitest';
import { readLine as got } from './helpers/utterances.js';

describe('beside the request', () => {
  it('a question whether someone did it is no request to do it; the sentence that asks is read', () => {
    expect(got('Hi, I see weird stuff on the wordpress site. Did someone already restore it this morning? Can you show me the history? Thanks, Yves')).toBe('history');
    expect(got('did someone restart wordpress? the site was down for 10 min')).toBe('history');
  });

  it('"nothing is to be deleted", then what to show: the showing', () => {
    expect(got('je veux rien supprimer pour l’instant, montre moi juste les sauvegardes de registry')).toBe('backups registry');
    expect(got('i dont want to delete anything yet, just show me the registry backups')).toBe('backups registry');
    // nothing asked after it: still nothing
    expect(got("don't restore anything yet, Anne is still looking for the file in the trash")).toBe('?');
  });

  it('a restore or a prune asked again by a pronoun is asked, never a restart of the app', () => {
    expect(got("la restauration de gitlab du 28 novembre s'est pas finie, relance-la")).toBe('?');
    expect(got('le prune du registry a presque rien libéré, relance-le')).toBe('?');
    expect(got('la sauvegarde de nextcloud de cette nuit a planté, relance-la stp')).toBe('backup nextcloud');
  });

  it('which is better, asked, acts on neither; a premise that a restore is over is no restore', () => {
    expect(got("salut, vaut mieux scaler wordpress ou juste le redémarrer ? t'en penses quoi ? Ali")).toBe('?');
    expect(got("Bonjour, maintenant que la restauration de nextcloud d'hier est terminée, tu peux vérifier son état ? merci, Inès")).toBe('status nextcloud');
    expect(got("maintenant que la restauration de nextcloud d'hier est terminée, tu peux regarder son cpu ?")).toBe('?');
  });

  it('a backup named as a thing that failed or whose facts are asked is no backup to take', () => {
    expect(got("wekan's backup died halfway, what does its log say")).toBe('logs wekan');
    expect(got('whats the checksum of the ghost backup from earlier')).toBe('backups ghost');
    expect(got('can u check if the gitlab backup finished, it was running when i left')).toBe('backups gitlab');
    expect(got('can you check the wordpress backups')).toBe('backups wordpress');
    expect(got('check the backup of wordpress')).toBe('verify wordpress');
  });

  it('one more backup asked after one is talked about; who asked for a run is the history', () => {
    expect(got('ghost backup came out 0 bytes?? take a new one')).toBe('backup ghost');
    expect(got('le backup de ghost fait 0 octet ?? refais-en un')).toBe('backup ghost');
    expect(got("skip the nextcloud backup today, the disk can't take another one")).toBe('?');
    expect(got('who asked for the nextcloud restore yesterday?')).toBe('history');
    expect(got('qui a demandé la restauration de nextcloud hier ?')).toBe('history');
  });

  it('other tools: a compose scale, a pull and redeploy, velero', () => {
    expect(got('docker compose up -d --scale wordpress=4')).toBe('scale wordpress 4');
    expect(got('velero backup get mattermost')).toBe('backups mattermost');
    expect(got('pause the nightly ghost job until monday')).toBe('?');
  });
});
