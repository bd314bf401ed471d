// A throw-away OpenSSH sshd (Debian's) on a free loopback port, for the off-site copy tests.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fingerprint } from '../../src/core/backup/sftp.js';
import { freePort } from './docker.js';

/** A throw-away sshd on 127.0.0.1:<port>, its host key and authorized_keys in `dir`. */
export async function startSshd(dir: string): Promise<{ port: number; hostKey: string; clientKey: string; proc: ChildProcess; stop(): void }> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  keygen(path.join(dir, 'host_key'));
  keygen(path.join(dir, 'client_key'));
  fs.copyFileSync(path.join(dir, 'client_key.pub'), path.join(dir, 'authorized_keys'));
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host_key`,
      `PidFile ${dir}/sshd.pid`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation folder
  const proc = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  // sshd -D -e says "Server listening on 127.0.0.1 port N." on stderr once it accepts connections: wait for
  // that line (bounded), or fail at once with what it said if it exits
  await new Promise<void>((resolve, reject) => {
    const bound = setTimeout(() => reject(new Error(`sshd did not start within 10 s: ${err}`)), 10_000);
    const done = (e?: Error) => (clearTimeout(bound), proc.off('exit', exited), e ? reject(e) : resolve());
    const exited = () => done(new Error(`sshd did not start: ${err}`));
    proc.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      if (/Server listening on 127\.0\.0\.1 port \d+/.test(err)) done();
    });
    proc.once('exit', exited);
  });
  const pub = fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').split(' ')[1]!;
  return { port, hostKey: fingerprint(Buffer.from(pub, 'base64')), clientKey: path.join(dir, 'client_key'), proc, stop: () => void proc.kill('SIGTERM') };
}

