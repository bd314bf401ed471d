// Per-app secrets: generated once with crypto, kept in `<secretsDir>/<app>.json` (dir 0700, file 0600,
// written atomically), handed to the plan as environment, never logged. `redact` masks them in text.
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { SummonerError } from '../errors.js';
import { redact as redactRegistered, registerSecrets } from '../secrets/redact.js';
import type { VariableSpec } from './types.js';

export type SecretValues = Record<string, string>;

const SAFE_APP = /^[a-z0-9][a-z0-9_-]*$/;
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

function fileOf(dir: string, app: string): string {
  if (!SAFE_APP.test(app)) throw new SummonerError('minion.invalid', `not a minion name: ${JSON.stringify(app)}`);
  return path.join(dir, `${app}.json`);
}

/** A password of `length` characters from an unambiguous alphanumeric alphabet (no shell/URL quoting needed). */
export function generatePassword(length = 32): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

export function generateHex(length = 64): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

/** One htpasswd line, bcrypt ($2y$, as Apache's `htpasswd -B` writes it; the registry accepts it). */
export function htpasswdLine(user: string, password: string, rounds = 10): string {
  if (!/^[^:\s]+$/.test(user)) throw new SummonerError('secrets.invalid', 'an htpasswd user name has no colon or space');
  return `${user}:${bcrypt().hashSync(password, rounds).replace(/^\$2[ab]\$/, '$2y$')}`;
}

export function verifyHtpasswd(line: string, user: string, password: string): boolean {
  const i = line.indexOf(':');
  if (i < 0 || line.slice(0, i) !== user) return false;
  return bcrypt().compareSync(password, line.slice(i + 1).replace(/^\$2y\$/, '$2b$'));
}

export async function loadSecrets(dir: string, app: string): Promise<SecretValues> {
  const file = fileOf(dir, app);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SummonerError('secrets.unreadable', `cannot read the secrets of ${app}`, { cause: err });
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) throw new Error('not a map of strings');
    registerSecrets(v as SecretValues); // masked in every log line from now on
    return v as SecretValues;
  } catch (err) {
    // never echo the file: it holds the secrets
    throw new SummonerError('secrets.unreadable', `the secrets file of ${app} is damaged`, { hint: `check ${file}`, cause: undefined });
  }
}

/** Write atomically: temp file 0600 in the same dir, fsync, rename. The dir is made 0700. */
export async function saveSecrets(dir: string, app: string, values: SecretValues): Promise<void> {
  const file = fileOf(dir, app);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
  const tmp = path.join(dir, `.${app}.json.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await fs.open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(`${JSON.stringify(values, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.chmod(tmp, 0o600);
  await fs.rename(tmp, file);
}

/**
 * The app's secrets, generating (once) those its variables declare that are not stored yet. For an
 * `htpasswd` variable NAME, NAME holds the htpasswd line and `NAME.password` the plain password (a key that
 * can never be an environment variable, so it is only for the admin reading the file).
 */
export async function ensureSecrets(dir: string, app: string, variables: Record<string, VariableSpec>): Promise<SecretValues> {
  const values = await loadSecrets(dir, app);
  let changed = false;
  for (const [name, spec] of Object.entries(variables)) {
    if (!('generate' in spec) || values[name] !== undefined) continue;
    if (spec.generate === 'password') values[name] = generatePassword(spec.length ?? 32);
    else if (spec.generate === 'hex') values[name] = generateHex(spec.length ?? 64);
    else {
      const password = generatePassword(spec.length ?? 32);
      values[`${name}.password`] = password;
      values[name] = htpasswdLine(spec.user ?? 'admin', password);
    }
    changed = true;
  }
  registerSecrets(values);
  if (changed) await saveSecrets(dir, app, values);
  return values;
}

export async function removeSecrets(dir: string, app: string): Promise<void> {
  await fs.rm(fileOf(dir, app), { force: true });
}

/** Replace every secret value (4+ characters) in text with `[redacted]`: these, and every registered one. */
export function redact(text: string, secrets: SecretValues | string[]): string {
  return redactRegistered(text, secrets);
}

// bcryptjs only for the minions that need an htpasswd line, loaded then (synchronous callers)
const require = createRequire(import.meta.url);
function bcrypt(): typeof import('bcryptjs') {
  return require('bcryptjs') as typeof import('bcryptjs');
}
