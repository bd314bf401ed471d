// Names on a Swarm. The plan's names hold the domain (`wekan-example.org`), but Swarm only takes DNS name
// components for services and networks: `^[a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]+)*$`, at most 63 characters, so
// no dots (checked on Docker 20.10: "name must be valid as a DNS name component"). Dots become `-` (a name
// that stays a valid host name, which `_` would not be, for proxies that resolve it); a name that is still
// too long keeps its start and ends with a hash of the whole. Everything is found again by its labels, never
// by parsing a name back. Secret names may hold dots and go up to 64 characters.
import { createHash } from 'node:crypto';

const hash8 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

const MAX_NAME = 63;
const MAX_SECRET = 64;

/** The Swarm name (service or overlay network) for a plan name. Stable: the same input, the same name. */
export function swarmName(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
  if (!s) s = `n-${hash8(name)}`;
  if (s.length > MAX_NAME) s = `${s.slice(0, MAX_NAME - 9).replace(/[-_]+$/, '')}-${hash8(name)}`;
  return s;
}

/**
 * A Docker secret's name: `<app>-<domain>-<VAR>-<hash8>`. Secrets are immutable, so a new value needs a new
 * name: the hash is of app, domain, variable and value (8 hex digits of SHA-256 of a 24+ character random
 * value tell nothing about it).
 */
export function secretName(app: string, domain: string, variable: string, value: string): string {
  const tag = hash8(`${app}\0${domain}\0${variable}\0${value}`);
  let base = `${app}-${domain}-${variable}`.replace(/[^A-Za-z0-9_.-]+/g, '-');
  if (base.length + 9 > MAX_SECRET) base = `${base.slice(0, MAX_SECRET - 18).replace(/[-_.]+$/, '')}-${hash8(base)}`;
  return `${base}-${tag}`;
}

/** Where a secret appears inside the task container (Docker's convention; `_FILE` variables point here). */
export const secretPath = (variable: string) => `/run/secrets/${variable}`;
