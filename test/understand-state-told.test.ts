// A backup's state told, no check asked (src/robot/understand/state-told.ts, round 25's blind batch AX).
import { describe, expect, it } from 'vitest';
import { tellsBackupState } from '../src/robot/understand/state-told.js';

describe('tellsBackupState', () => {
  it('a state said, with no question and no word of checking (its past tells what was done)', () => {
    for (const t of ['marc made a backup of ghost yesterday, we should be fine', 'ghost backup from yesterday works, we tested it', 'la sauvegarde de wekan est bonne, pas de souci']) expect(tellsBackupState(t), t).toBe(true);
  });
  it('a question, or a word of checking typed right or not, asks', () => {
    for (const t of ['is the wekan backup fine?', 'make sure the ghost backup is fine', 'verfy the ghost backup is ok', 'je veux être sûr que la sauvegarde est bonne', 'check that the backup works']) expect(tellsBackupState(t), t).toBe(false);
  });
});
