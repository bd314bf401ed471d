// Finding 7, off-site copies, against Debian's real sshd on a loopback port:
// - the SSH private key file's mode is checked: group- or other-readable is refused with `chmod 600` in the
//   hint, and nothing is uploaded (the old code used any key file);
// - with encryption, the manifest uploaded beside the copy is encrypted too (`<copy>.json.enc`, decrypting
//   to the manifest); the old code wrote it as clear JSON (`<copy>.json`) listing the tables and sizes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftpTarget, decryptFile, loadKey } from '../../src/core/backup/sftp.js';
import type { Manifest } from '../../src/core/backup/manifest.js';
import { tmpDir } from '../helpers/robot.js';
import { startSshd } from '../helpers/sshd.js';
import { rootAvailable } from '../helpers/docker.js';

const haveSshd = fs.existsSync('/usr/sbin/sshd');
if (!haveSshd && process.env.SUMMONER_REQUIRE_ENGINE === '1') throw new Error('no /usr/sbin/sshd: run scripts/backup/ensure-tools.sh');
const run = haveSshd && rootAvailable('the off-site tests (sshd)') ? describe : describe.skip;

run('off-site copies: key file mode, encrypted manifest', () => {
  let dir: string;
  let sshd: Awaited<ReturnType<typeof startSshd>>;
  const remote = () => path.join(dir, 'remote');
  const manifest = (file: string): Manifest => ({
    version: 1,
    app: 'secret-app',
    kind: 'dump',
    type: 'mariadb',
    file,
    createdAt: new Date().toISOString(),
    reason: 'manual',
    bytes: 11,
    sha256: 'x'.repeat(64),
    durationMs: 1,
    tables: { users_with_secrets: 3, invoices: 12 },
    flags: [],
  }) as Manifest;
  const target = (o: { keyFile?: string; encryptKeyFile?: string } = {}) =>
    createSftpTarget({ host: '127.0.0.1', port: sshd.port, user: 'root', keyFile: o.keyFile ?? sshd.clientKey, hostKey: sshd.hostKey, path: remote(), timeoutMs: 5000, ...(o.encryptKeyFile ? { encryptKeyFile: o.encryptKeyFile } : {}) });

  beforeAll(async () => {
    dir = tmpDir('summoner-offsite-sec-');
    sshd = await startSshd(path.join(dir, 'sshd'));
  }, 60_000);
  afterAll(() => sshd?.stop());

  it('refuses an SSH key that group or others may read, saying chmod 600, and uploads nothing', async () => {
    const file = path.join(dir, 'a.dump');
    fs.writeFileSync(file, 'hello dump\n');
    const loose = path.join(dir, 'loose_key');
    fs.copyFileSync(sshd.clientKey, loose);
    for (const mode of [0o644, 0o640, 0o604]) {
      fs.chmodSync(loose, mode);
      const err = await target({ keyFile: loose }).upload('a', file, manifest('a.dump')).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'backup.offsite_key', hint: expect.stringContaining(`chmod 600 ${loose}`) });
      expect((err as Error).message).toContain(`mode ${mode.toString(8)}`);
    }
    expect(fs.existsSync(path.join(remote(), 'a'))).toBe(false);
    fs.chmodSync(loose, 0o600);
    await expect(target({ keyFile: loose }).upload('a', file, manifest('a.dump'))).resolves.toMatchObject({ encrypted: false });
  }, 60_000);

  it('encrypts the manifest beside an encrypted copy', async () => {
    const file = path.join(dir, 'b.dump');
    fs.writeFileSync(file, 'hello dump\n');
    const keyFile = path.join(dir, 'offsite.key');
    const up = await target({ encryptKeyFile: keyFile }).upload('b', file, manifest('b.dump'));
    expect(up.encrypted).toBe(true);
    const copy = path.join(remote(), 'b', 'b.dump.enc');
    expect(fs.existsSync(copy)).toBe(true);
    // no clear manifest; the encrypted one holds no readable table name
    expect(fs.existsSync(`${copy}.json`)).toBe(false);
    const enc = fs.readFileSync(`${copy}.json.enc`);
    expect(enc.toString('latin1')).not.toContain('users_with_secrets');
    expect(enc.toString('latin1')).not.toContain('secret-app');
    const out = path.join(dir, 'manifest.json');
    await decryptFile(await loadKey(keyFile), `${copy}.json.enc`, out);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ app: 'secret-app', tables: { users_with_secrets: 3 }, encrypted: true, uploadedSha256: up.sha256 });
  }, 60_000);
});
