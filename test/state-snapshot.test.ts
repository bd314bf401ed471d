// Summoner's own state as one folder: a consistent snapshot taken while the store is open and being written
// (what `backup summoner` archives), and a restore into a stopped bot's state folder.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/schema.js';
import { restoreState, snapshotState } from '../src/state/snapshot.js';
import { openStore } from '../src/robot/store.js';
import { openTestStore, tmpDir } from './helpers/robot.js';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe("Summoner's state snapshot", () => {
  it('copies the database consistently while it is written, and every other file with its mode', async () => {
    const stateDir = tmpDir('summoner-state-');
    const store = openTestStore(stateDir, { version: '1.0.0' });
    fs.mkdirSync(path.join(stateDir, 'secrets'), { mode: 0o700 });
    fs.writeFileSync(path.join(stateDir, 'secrets', 'wekan.json'), '{"DB_PASSWORD":"x"}', { mode: 0o600 });
    for (let i = 0; i < 50; i++) store.finishAudit(store.startAudit({ userId: 'u', userName: 'a', channelId: 'c', source: 's', messageId: `m${i}`, text: `ping ${i}` }), { command: 'ping', outcome: 'ok' });
    await new Promise((r) => setImmediate(r)); // the group commit
    const dest = path.join(tmpDir('summoner-snap-'), 'snap');
    const manifest = await snapshotState({ stateDir, db: store.db, dest, version: '1.0.0' });
    // written on after the snapshot: not in it
    store.finishAudit(store.startAudit({ userId: 'u', userName: 'a', channelId: 'c', source: 's', messageId: 'late', text: 'late' }), { command: 'ping', outcome: 'ok' });
    store.close();

    expect(manifest).toMatchObject({ kind: 'summoner-state', summonerVersion: '1.0.0', schemaVersion: MIGRATIONS.length, files: ['secrets/wekan.json', 'summoner.db'] });
    expect(mode(path.join(dest, 'secrets'))).toBe(0o700);
    expect(mode(path.join(dest, 'secrets', 'wekan.json'))).toBe(0o600);
    expect(mode(path.join(dest, 'summoner.db'))).toBe(0o600);
    expect(fs.readdirSync(dest).sort()).toEqual(['secrets', 'summoner-state.json', 'summoner.db']);

    // restored into a fresh state folder, it opens with the 50 commands and not the late one
    const target = path.join(tmpDir('summoner-restore-'), 'state');
    fs.mkdirSync(target, { mode: 0o700 });
    fs.writeFileSync(path.join(target, 'old.txt'), 'before');
    const r = await restoreState({ snapshot: dest, stateDir: target, known: MIGRATIONS.length });
    expect(fs.readFileSync(path.join(r.keptIn, 'old.txt'), 'utf8')).toBe('before');
    const back = openTestStore(target, { version: '1.0.0' });
    const h = back.history(100);
    back.close();
    expect(h).toHaveLength(50);
    expect(h.map((x) => x.text)).not.toContain('late');
    expect(fs.readFileSync(path.join(target, 'secrets', 'wekan.json'), 'utf8')).toBe('{"DB_PASSWORD":"x"}');

    // a snapshot of a restored folder leaves the kept copy out
    const reopened = openTestStore(target);
    const again = await snapshotState({ stateDir: target, db: reopened.db, dest: path.join(tmpDir('summoner-snap-'), 's2'), version: '1.0.0' });
    reopened.close();
    expect(again.files).toEqual(['secrets/wekan.json', 'summoner.db']);
  });

  it('refuses to restore a snapshot from a newer schema', async () => {
    const stateDir = tmpDir('summoner-state-');
    const newer = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'future', up: 'CREATE TABLE f (x)' }];
    const store = openStore(stateDir, Date.now, { version: '9.0.0', migrations: newer });
    const dest = path.join(tmpDir('summoner-snap-'), 'snap');
    await snapshotState({ stateDir, db: store.db, dest, version: '9.0.0' });
    store.close();
    const target = tmpDir('summoner-restore-');
    fs.writeFileSync(path.join(target, 'keep.txt'), 'mine');
    await expect(restoreState({ snapshot: dest, stateDir: target, known: MIGRATIONS.length })).rejects.toMatchObject({ code: 'state.schema_newer', message: expect.stringContaining('Summoner 9.0.0 or newer') });
    expect(fs.readdirSync(target)).toEqual(['keep.txt']);
  });
});
