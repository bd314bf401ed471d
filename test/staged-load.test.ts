// The PostgreSQL dump staged beside the data folders for a restore's load (src/core/backup/staged-load.ts):
// decompressed whole by zstd into a 0600 file of a 0700 folder handed to the database's user, or not staged at
// all (undefined, nothing left behind) when it is no PostgreSQL dump, the disk has no room, or the folder cannot
// be handed over. The restore through it runs against a real server in test/docker-restore-safety.test.ts.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupEntry, Manifest } from '../src/core/backup/manifest.js';
import { stageDump } from '../src/core/backup/staged-load.js';

describe('stageDump', () => {
  let root: string;
  let raw: Buffer;
  let entry: BackupEntry;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'staged-'));
    raw = Buffer.concat([Buffer.from('PGDMP'), randomBytes(3 << 20)]);
    fs.writeFileSync(path.join(root, 'app-dump.pgdump'), raw);
    execFileSync('zstd', ['-q', '-1', '--rm', path.join(root, 'app-dump.pgdump')]);
    const file = path.join(root, 'app-dump.pgdump.zst');
    entry = { path: file, manifest: { file: path.basename(file), kind: 'dump', type: 'postgres', rawBytes: raw.length } as Manifest };
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('decompresses the whole dump into a 0600 file of a 0700 folder owned like the data', async () => {
    const dir = path.join(root, 'data.restore-x-load');
    const owner = { uid: process.getuid!() === 0 ? 999 : process.getuid!(), gid: process.getgid!() === 0 ? 999 : process.getgid!() };
    const staged = await stageDump(entry, dir, owner);
    expect(staged?.inContainer).toBe('/run/summoner-restore/dump');
    await staged!.ready;
    const file = path.join(dir, 'dump');
    expect(fs.readFileSync(file).equals(raw)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect([fs.statSync(file).uid, fs.statSync(dir).uid]).toEqual([owner.uid, owner.uid]);
  });

  it('stages nothing, and leaves no folder, when the folder cannot be handed to the database user', async () => {
    const dir = path.join(root, 'data.restore-y-load');
    // an owner no chown accepts (out of range): as for Summoner running as a user that may not give files away
    expect(await stageDump(entry, dir, { uid: 2 ** 33, gid: 2 ** 33 })).toBeUndefined();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('stages nothing for a dump the disk has no room for, or one that is not PostgreSQL', async () => {
    const dir = path.join(root, 'data.restore-z-load');
    expect(await stageDump({ ...entry, manifest: { ...entry.manifest, rawBytes: 2 ** 60 } }, dir, undefined)).toBeUndefined();
    expect(await stageDump({ ...entry, manifest: { ...entry.manifest, type: 'mariadb' } }, dir, undefined)).toBeUndefined();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('fails with the decompressor’s words on a damaged backup', async () => {
    const bad = path.join(root, 'bad-dump.pgdump.zst');
    const good = fs.readFileSync(entry.path);
    fs.writeFileSync(bad, good.subarray(0, good.length >> 1));
    const staged = await stageDump({ path: bad, manifest: { ...entry.manifest, file: 'bad-dump.pgdump.zst' } }, path.join(root, 'bad.restore-load'), undefined);
    await expect(staged!.ready).rejects.toThrow(/could not decompress bad-dump\.pgdump\.zst for the load: zstd -d failed \(exit \d+\)/);
  });
});
