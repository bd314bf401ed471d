// Mattermost-style ids: 26 chars, base32 of 16 random bytes with the alphabet below.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

export function newId(): string {
  const bytes = randomBytes(16);
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.slice(0, 26);
}

/** The server's validity check: exactly 26 letters or digits. */
export function isValidId(s: unknown): s is string {
  return typeof s === 'string' && /^[a-z0-9]{26}$/i.test(s);
}

export const SERVER_VERSION = '11.2.0';
export const VERSION_ID = `${SERVER_VERSION}.${SERVER_VERSION}.5f6a2c1e9d8b7a4c3e2f1a0b9c8d7e6f.false`;
export const MAX_POST_RUNES = 16383;
