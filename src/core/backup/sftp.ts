// Off-site copies over SFTP (backup.storage.sftp), with `ssh2` (the SSH library docker-modem already
// uses): the server's host key must match the configured SHA256 fingerprint; the file is streamed to
// `<path>/<app>/<name>.partial`, renamed, then read back from the server and its sha256 compared with what
// was sent. Optional encryption before anything leaves the host: AES-256-GCM from node:crypto, streamed
// (no new dependency, a 32-byte key file 0600 that Summoner makes), format
// `SUMMONER-AES256GCM-1\n` + 12-byte IV + ciphertext + 16-byte tag. With encryption, the manifest that goes
// beside the copy (`<file>.enc.json.enc`) is encrypted the same way: it names tables and sizes.
// The SSH private key file must be readable by its owner only (as OpenSSH demands); its contents, its
// passphrase and the encryption key are registered with the log redactor when read.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BackupConfig } from '../../config/schema.js';
import { SummonerError } from '../../errors.js';
import { registerSecret } from '../../secrets/redact.js';
import { HashTap } from './compress.js';
import type { Manifest } from './manifest.js';
import type { OffsiteTarget } from './service.js';

type SftpConfig = NonNullable<BackupConfig['sftp']>;

export const ENC_MAGIC = Buffer.from('SUMMONER-AES256GCM-1\n');

/** The key file: made (32 random bytes, 0600) when missing; refused when others may read it. */
export async function loadKey(file: string): Promise<Buffer> {
  try {
    const st = await fs.stat(file);
    if (st.mode & 0o077) throw new SummonerError('backup.key_unsafe', `the encryption key ${file} is readable by others (mode ${(st.mode & 0o777).toString(8)})`, { hint: `chmod 600 ${file}` });
    const key = await fs.readFile(file);
    if (key.length !== 32) throw new SummonerError('backup.key_invalid', `the encryption key ${file} is not 32 bytes`);
    registerKeyForms(key);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    await fs.writeFile(file, key, { mode: 0o600, flag: 'wx' });
    registerKeyForms(key);
    return key;
  }
}

function registerKeyForms(key: Buffer): void {
  registerSecret(key.toString('hex'));
  registerSecret(key.toString('base64'));
}

/**
 * The SSH private key: refused when its group or others may read it (what OpenSSH refuses too), registered
 * with the redactor (whole, and each line of its body, so a fragment in an error is masked as well).
 */
export async function loadPrivateKey(file: string): Promise<Buffer> {
  let st;
  try {
    st = await fs.stat(file);
  } catch (err) {
    throw new SummonerError('backup.offsite_key', `cannot read the SSH key ${file}: ${(err as Error).message}`);
  }
  if (st.mode & 0o077) {
    throw new SummonerError('backup.offsite_key', `the SSH key ${file} may be read by others (mode ${(st.mode & 0o777).toString(8)}): refusing to use it`, {
      hint: `chmod 600 ${file} (owned by the user Summoner runs as)`,
    });
  }
  const key = await fs.readFile(file).catch((err: unknown) => {
    throw new SummonerError('backup.offsite_key', `cannot read the SSH key ${file}: ${(err as Error).message}`);
  });
  const text = key.toString('utf8');
  registerSecret(text);
  for (const line of text.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith('-----')) registerSecret(line);
  return key;
}

/** Encrypting Transform: magic + IV first, the GCM tag at the end. */
export function encryptor(key: Buffer): Transform {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _e, cb: TransformCallback) {
      if (!started) {
        started = true;
        this.push(Buffer.concat([ENC_MAGIC, iv]));
      }
      cb(null, c.update(chunk));
    },
    flush(cb) {
      if (!started) this.push(Buffer.concat([ENC_MAGIC, iv]));
      this.push(c.final());
      cb(null, c.getAuthTag());
    },
  });
}

/** Decrypt a file made by `encryptor` into `out` (the tag is checked at the end: a changed byte fails). */
export async function decryptFile(key: Buffer, file: string, out: string): Promise<void> {
  const fh = await fs.open(file, 'r');
  const { size } = await fh.stat();
  const head = Buffer.alloc(ENC_MAGIC.length + 12);
  const tag = Buffer.alloc(16);
  await fh.read(head, 0, head.length, 0);
  await fh.read(tag, 0, 16, size - 16);
  await fh.close();
  if (size < head.length + 16 || !head.subarray(0, ENC_MAGIC.length).equals(ENC_MAGIC)) throw new SummonerError('backup.not_encrypted', `${path.basename(file)} is not a Summoner-encrypted file`);
  const d = createDecipheriv('aes-256-gcm', key, head.subarray(ENC_MAGIC.length));
  d.setAuthTag(tag);
  try {
    await pipeline(createReadStream(file, { start: head.length, end: size - 17 }), d, createWriteStream(out, { mode: 0o600 }));
  } catch (err) {
    await fs.rm(out, { force: true });
    throw new SummonerError('backup.decrypt_failed', `${path.basename(file)} does not decrypt (wrong key, or altered): ${(err as Error).message}`, { cause: err });
  }
}

/** SHA256:<base64 without padding> of a host key, as `ssh-keygen -lf` prints it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

export function createSftpTarget(cfg: SftpConfig): OffsiteTarget {
  const name = `sftp://${cfg.user}@${cfg.host}:${cfg.port}`;
  return {
    name,
    async upload(app: string, file: string, manifest: Manifest) {
      const key = cfg.encryptKeyFile ? await loadKey(cfg.encryptKeyFile) : undefined;
      const privateKey = await loadPrivateKey(cfg.keyFile);
      const passphrase = cfg.passphraseEnv ? process.env[cfg.passphraseEnv] : undefined;
      if (cfg.passphraseEnv && !passphrase) throw new SummonerError('backup.offsite_key', `the SSH key's passphrase variable ${cfg.passphraseEnv} is not set`);
      registerSecret(passphrase);
      const { Client } = (await import('ssh2')).default;
      const conn = new Client();
      const want = cfg.hostKey.replace(/=+$/, '');
      let seen = '';
      await new Promise<void>((resolve, reject) => {
        conn.once('ready', () => resolve());
        conn.once('error', (err: Error) => reject(new SummonerError('backup.offsite_unreachable', `${name} is unreachable: ${seen && seen !== want ? `its host key ${seen} is not the configured one` : err.message}`, { cause: err })));
        conn.connect({
          host: cfg.host,
          port: cfg.port,
          username: cfg.user,
          privateKey,
          ...(passphrase ? { passphrase } : {}),
          readyTimeout: cfg.timeoutMs,
          hostVerifier: (k: Buffer) => (seen = fingerprint(k)) === want,
        });
      });
      try {
        const sftp = await new Promise<import('ssh2').SFTPWrapper>((resolve, reject) => conn.sftp((err, s) => (err ? reject(err) : resolve(s))));
        const call = <T>(fn: (cb: (err: Error | null | undefined, v?: T) => void) => void) =>
          new Promise<T | undefined>((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));
        const dir = path.posix.join(cfg.path, app);
        let acc = '';
        for (const part of dir.split('/')) {
          acc = acc ? path.posix.join(acc, part) : part || '/';
          if (!part) continue;
          await call<void>((cb) => sftp.mkdir(acc, (e) => cb(e && (e as { code?: number }).code !== 4 ? e : undefined))).catch(async (e: unknown) => {
            // code 4 (failure) is what OpenSSH says for "exists"; anything else must be a real problem
            const st = await call((cb) => sftp.stat(acc, cb)).catch(() => undefined);
            if (!st) throw e;
          });
        }
        const remote = path.posix.join(dir, path.basename(file) + (key ? '.enc' : ''));
        const partial = `${remote}.partial`;
        const sent = new HashTap();
        const upload: NodeJS.ReadWriteStream[] = key ? [encryptor(key)] : [];
        await pipeline([createReadStream(file), ...upload, sent, sftp.createWriteStream(partial, { mode: 0o600 })]);
        await call<void>((cb) => sftp.unlink(remote, () => cb(undefined)));
        await call<void>((cb) => sftp.rename(partial, remote, (e) => cb(e)));
        // read it back from the server: what arrived is what was sent
        const back = new HashTap();
        await pipeline(sftp.createReadStream(remote), back, new Writable({ write: (_c, _e, cb) => cb() }));
        const sha = sent.digest();
        const got = back.digest();
        if (got !== sha || back.bytes !== sent.bytes) {
          throw new SummonerError('backup.offsite_mismatch', `the copy on ${name} does not match what was sent (${back.bytes} of ${sent.bytes} bytes)`);
        }
        // the manifest beside it: encrypted like the copy when there is a key (it lists tables, sizes, versions)
        const manifestText = `${JSON.stringify({ ...manifest, offsite: undefined, uploadedSha256: sha, encrypted: !!key }, null, 2)}\n`;
        await pipeline([Readable.from([Buffer.from(manifestText)]), ...(key ? [encryptor(key)] : []), sftp.createWriteStream(`${remote}.json${key ? '.enc' : ''}`, { mode: 0o600 })]);
        return { sha256: sha, encrypted: !!key, remote: `${name}/${remote}` };
      } catch (err) {
        if (err instanceof SummonerError) throw err;
        throw new SummonerError('backup.offsite_failed', `copying to ${name} failed: ${(err as Error).message}`, { cause: err });
      } finally {
        conn.end();
      }
    },
  };
}
