// A command's run named as a thing, then what it did, is news (src/robot/understand/failed-again.ts, round 25).
import { describe, expect, it } from 'vitest';
import { reportsFailedRun } from '../src/robot/understand/failed-again.js';

describe('reportsFailedRun', () => {
  it('a run named as a thing, then said to have failed', () => {
    for (const t of ['nextcloud restore, it failed again', 'the ghost backup: crashed again', 'sauvegarde de wekan, elle a encore planté', 'restauration nextcloud, ça a encore échoué', "la sauvegarde d'hier, elle a planté"]) {
      expect(reportsFailedRun(t), t).toBe(true);
    }
  });
  it('the verb first is a request, and a run said with no failure is no news of one', () => {
    for (const t of ['restore nextcloud, it failed again', 'backup wekan, it failed again', 'sauvegarde wekan, elle a planté', 'nextcloud restore, please', 'wekan, restart it']) {
      expect(reportsFailedRun(t), t).toBe(false);
    }
  });
});
