// What a list, a document or an approval rule says about a command (round 24's blind batch AU: runbooks, checklists,
// calendar invitations and bots pasted into the channel): no request, unless the message asks for it.
import { describe, expect, it } from 'vitest';
import { onlyOnceApproved } from '../src/robot/understand/approval.js';
import { fromDocument } from '../src/robot/understand/document-source.js';
import { listMarked } from '../src/robot/understand/list-marks.js';

describe('listMarked', () => {
  it('a box to tick is for later, a ticked one or "DONE:" tells what was done', () => {
    expect(listMarked('Pre-migration checklist: [ ] backup gitlab [ ] verify gitlab')).toBe('later');
    expect(listMarked('☐ restart wekan')).toBe('later');
    expect(listMarked('TODO: prune nextcloud')).toBe('later');
    expect(listMarked('- [x] backup nextcloud')).toBe('past');
    expect(listMarked('restore wekan from 2026-11-30 ✅')).toBe('past');
    expect(listMarked('DONE: restore wekan from 2026-11-30')).toBe('past');
    expect(listMarked('FAIT : restaurer wordpress')).toBe('past');
    // a ticket's status field, accents typed or not
    expect(listMarked('Ticket 3390 : Mise a jour de mattermost en 10.2 (statut : planifie)')).toBe('later');
    expect(listMarked('OPS-412 restore ghost (status: closed)')).toBe('past');
  });
  it('a plain request carries none', () => {
    for (const t of ['restore wekan from 2026-11-30', 'done with the deploy? restart ghost', 'backup [ghost]']) expect(listMarked(t)).toBeUndefined();
  });
});

describe('fromDocument', () => {
  it('a message that opens on a document and what it says', () => {
    expect(fromDocument('runbook section 4.2 "Scaling wekan": scale wekan 3 during term start')).toBe(true);
    expect(fromDocument('page confluence « wekan : montée en charge » → scale wekan 4')).toBe(true);
    expect(fromDocument("d'après la procédure : restaurer nextcloud")).toBe(true);
  });
  it('not when it asks, nor when no document opens it', () => {
    expect(fromDocument('runbook: restart registry. go ahead pls')).toBe(false);
    expect(fromDocument('la procédure nextcloud dit de restaurer la veille : vas-y')).toBe(false);
    expect(fromDocument('the page is down: restart ghost')).toBe(false);
    expect(fromDocument('Fiche de demande – déploiement – application : registry')).toBe(false);
    expect(fromDocument('Step 2 - back up nextcloud')).toBe(false);
  });
});

describe('onlyOnceApproved', () => {
  it('a rule for when it may run', () => {
    expect(onlyOnceApproved('dismiss registry --purge only with the approval of the CISO')).toBe(true);
    expect(onlyOnceApproved('restore ghost pending approval from marc')).toBe(true);
    expect(onlyOnceApproved('dismiss registry --purge uniquement sur accord du RSSI')).toBe(true);
    expect(onlyOnceApproved('restaure ghost sous réserve de validation du client')).toBe(true);
  });
  it('an approval already given is none', () => {
    expect(onlyOnceApproved('restart ghost, I got the approval')).toBe(false);
    expect(onlyOnceApproved('approved by nadia: dismiss static')).toBe(false);
  });
});
