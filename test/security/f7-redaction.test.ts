// Finding 7, secrets in logs: every secret the process knows is registered with the redactor when it is
// loaded (chat and slash tokens, webhook secrets, the metrics token by loadConfig; generated passwords by
// the secrets store; SFTP key contents by the off-site target), and a log line masks them wherever they are:
// message, fields, an error's message, its `cause` chain and its stack. On the old code only the two chat
// tokens were masked (and not in causes or stacks): there is no src/secrets/redact.ts to register with.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { loadPrivateKey } from '../../src/core/backup/sftp.js';
import { ensureSecrets, loadSecrets } from '../../src/core/secrets.js';
import { createLogger } from '../../src/log.js';
import { clearSecretsForTests, redactError, registerSecret } from '../../src/secrets/redact.js';
import { tmpDir } from '../helpers/robot.js';

function capture() {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      raw.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  return { stream, all: () => raw.join('\n') };
}
const settle = () => new Promise((r) => setImmediate(r));

beforeEach(() => clearSecretsForTests());

describe('secrets registered where they are loaded are masked in every log line', () => {
  it('tokens and webhook secrets from the environment (loadConfig)', async () => {
    const dir = tmpDir('summoner-redact-');
    const file = path.join(dir, 'summoner.yml');
    fs.writeFileSync(file, `stateDir: ${dir}/state\nnotify:\n  hooks:\n    gh: { source: github, secretEnv: GH_SECRET }\n`);
    const env = {
      SUMMONER_MATTERMOST_TOKEN: 'mm-token-aaaaaaaaaaaaaaaa',
      SUMMONER_SLASH_TOKEN: 'slash-token-bbbbbbbbbbbbbb',
      SUMMONER_METRICS_TOKEN: 'metrics-token-cccccccccccc',
      GH_SECRET: 'gh-hook-secret-dddddddddddd',
    };
    loadConfig(file, env);
    const out = capture();
    const log = createLogger('info', 1, { destination: out.stream });
    for (const v of Object.values(env)) log.info({ url: `https://x/?t=${v}`, list: [v] }, `saw ${v}`);
    await settle();
    for (const v of Object.values(env)) expect(out.all()).not.toContain(v);
    expect(out.all()).toContain('saw [redacted]');
  });

  it('generated passwords, from the moment they are generated or read back', async () => {
    const dir = tmpDir('summoner-redact-pw-');
    const made = await ensureSecrets(dir, 'app1', { DB_PASSWORD: { generate: 'password', length: 24, secret: true } });
    clearSecretsForTests();
    const again = await loadSecrets(dir, 'app1'); // a restarted bot reads them back
    expect(again.DB_PASSWORD).toBe(made.DB_PASSWORD);
    const out = capture();
    const log = createLogger('info', 1, { destination: out.stream });
    log.warn({ detail: `mysql -p${made.DB_PASSWORD}` }, 'dump failed');
    await settle();
    expect(out.all()).not.toContain(made.DB_PASSWORD!);
    expect(out.all()).toContain('mysql -p[redacted]');
  });

  it("an error's message, its cause chain and its stack", async () => {
    const pw = 'cause-secret-eeeeeeeeeeee';
    registerSecret(pw);
    const out = capture();
    const log = createLogger('info', 1, { destination: out.stream });
    const root = new Error(`connect failed for user:${pw}@db`);
    const mid = new Error('the dump failed', { cause: root });
    const top = Object.assign(new Error('backup failed', { cause: mid }), { detail: { dsn: `mysql://u:${pw}@db` } });
    log.error({ err: top }, 'backup failed');
    log.error(top); // an error as the first argument
    log.info({ stack: root.stack }, 'a stack as a field');
    await settle();
    const all = out.all();
    expect(all).not.toContain(pw);
    // the chain is there, masked: what failed stays readable
    expect(all).toContain('connect failed for user:[redacted]@db');
    expect(all).toContain('the dump failed');
    // redactError gives a masked copy for anything else that shows an error (chat answers)
    const copy = redactError(top) as Error & { cause: Error & { cause: Error } };
    expect(copy.cause.cause.message).toBe('connect failed for user:[redacted]@db');
    expect(copy.stack).not.toContain(pw);
    expect(top.cause).toBe(mid); // the original is untouched
  });

  it('SFTP key contents once the key is loaded, and JSON-escaped forms', async () => {
    const dir = tmpDir('summoner-redact-key-');
    const key = path.join(dir, 'id');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    fs.chmodSync(key, 0o600);
    const text = fs.readFileSync(key, 'utf8');
    const bodyLine = text.split('\n').find((l) => l.length > 20 && !l.startsWith('-----'))!;
    await loadPrivateKey(key);
    const quoted = 'with "quotes" and \\ backslash';
    registerSecret(quoted);
    const out = capture();
    const log = createLogger('info', 1, { destination: out.stream });
    log.info({ key: text, fragment: `...${bodyLine}...`, q: quoted }, 'oops');
    await settle();
    expect(out.all()).not.toContain(bodyLine);
    expect(out.all()).not.toContain(JSON.stringify(quoted).slice(1, -1));
  });
});
