// One-shot exit codes through the real entry point: a confirmed command's outcome is the command's, not the
// "yes"'s, and a failed verify is a failure (exit code and audit). The engine socket points nowhere, so the
// confirmed restore and purge fail, as they would when the engine is down.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runMain } from './helpers/main-process.js';
import { tmpDir } from './helpers/robot.js';

const run = (args: string[], cwd: string) => runMain(args, { cwd });

/** A folder with a config whose engine is absent, and one gzip'd dump of wekan with its manifest. */
function setup(): { cwd: string; file: string } {
  const cwd = tmpDir('summoner-outcome-');
  fs.writeFileSync(path.join(cwd, 'summoner.yml'), `domain: example.test\nengine:\n  socket: ${path.join(cwd, 'no-docker.sock')}\n`);
  const dir = path.join(cwd, 'state/backups/wekan');
  fs.mkdirSync(dir, { recursive: true });
  const file = 'wekan-20261201T100000Z-dump.sql.gz';
  const body = zlib.gzipSync('-- dump\n-- Dump completed on 2026-12-01\n');
  fs.writeFileSync(path.join(dir, file), body);
  const manifest = { version: 1, app: 'wekan', kind: 'dump', type: 'mariadb', file, createdAt: '2026-12-01T10:00:00.000Z', reason: 'manual', codec: 'gzip', bytes: body.length, sha256: createHash('sha256').update(body).digest('hex'), durationMs: 5, flags: [] };
  fs.writeFileSync(path.join(dir, `${file}.json`), JSON.stringify(manifest));
  // wekan's kept data (the default data root): a purge has something to delete whatever the engine says
  fs.mkdirSync(path.join(cwd, 'state/data/wekan'), { recursive: true });
  return { cwd, file: path.join(dir, file) };
}

describe('one-shot exit codes are those of what finally ran', () => {
  it('a restore that cannot run fails before any proposal, exits non-zero and says what exists instead', async () => {
    const { cwd } = setup();
    // wekan has a backup here, but no engine answers: whether it is summoned cannot be known, so no "yes" is
    // asked for a restore that could only fail after it
    const r = await run(['restore', 'wekan', '2026-12-01'], cwd);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Docker Engine unreachable');
    expect(r.out).not.toMatch(/yes/i);
    const history = await run(['history', '5'], cwd);
    expect(history.out).toMatch(/\| `restore wekan 2026-12-01` \| error/);
  }, 60_000);

  it('a dismiss whose check needs the engine fails before any proposal when no engine answers', async () => {
    const { cwd } = setup();
    const r = await run(['dismiss', 'wekan'], cwd);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Docker Engine unreachable');
    expect(r.out).not.toMatch(/yes/i);
  }, 60_000);

  it('dismiss --purge confirmed by a one-shot yes exits non-zero when the purge fails', async () => {
    const { cwd } = setup();
    expect((await run(['dismiss', 'wekan', '--purge'], cwd)).code).toBe(0);
    const yes = await run(['yes'], cwd);
    expect(yes.code).toBe(1);
  }, 60_000);

  it('a failed verify exits non-zero and is audited as failed', async () => {
    const { cwd, file } = setup();
    fs.appendFileSync(file, 'x'); // altered: its checksum no longer matches
    const v = await run(['verify', 'wekan'], cwd);
    expect(v.out).toContain('does NOT restore as recorded');
    expect(v.code).toBe(1);
    const history = await run(['history', '5'], cwd);
    expect(history.out).toMatch(/`verify wekan` \| error/);
  }, 60_000);

  it('a no to a proposal is not a failure', async () => {
    const { cwd } = setup();
    expect((await run(['dismiss', 'wekan', '--purge'], cwd)).code).toBe(0);
    expect((await run(['no'], cwd)).code).toBe(0);
  }, 60_000);
});
