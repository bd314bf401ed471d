// A twin database (restore, verify, physical copy) gets its own database's health timeout to come up, never less
// than 180 s: a loaded host that needs longer to initialise a fresh folder no longer fails the restore on a
// fixed limit (it failed safely, "nothing was changed", but failed).
import { describe, expect, it } from 'vitest';
import { createTargets, TWIN_START_FLOOR_S } from '../src/core/backup/targets.js';
import type { BackupContext } from '../src/core/backup/context.js';
import type { Minion } from '../src/core/types.js';

const health = (timeoutS: number) => ({ timeoutS, intervalS: 2 }) as NonNullable<Minion['database']>['health'];

function targetsWith(m: Partial<Minion>) {
  return createTargets({ catalog: { get: (app: string) => (app === 'crm' ? (m as Minion) : undefined) } } as unknown as BackupContext);
}

describe('the twin start limit', () => {
  it("follows the database's health timeout, for the first database and for another one, with a floor", () => {
    const t = targetsWith({
      database: { health: health(600) } as Minion['database'],
      services: [{ service: 'analytics', role: 'database', health: health(900) }] as Minion['services'],
    });
    expect(t.twinStartLimitS('crm', {})).toBe(600);
    expect(t.twinStartLimitS('crm', { service: 'analytics' })).toBe(900);
    const quick = targetsWith({ database: { health: health(30) } as Minion['database'] });
    expect(quick.twinStartLimitS('crm', {})).toBe(TWIN_START_FLOOR_S);
    // an app the catalog no longer has still gets the floor
    expect(quick.twinStartLimitS('gone', {})).toBe(TWIN_START_FLOOR_S);
  });
});
