// Where HTTP-01 answers go: the proxy must serve `/.well-known/acme-challenge/<token>` with the key
// authorization on every address the CA may reach. On one host that is a file in the folder nginx serves; on a
// Swarm, nginx runs on every node from Docker configs, so an answer is part of the next configuration rolled out.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface ChallengeBoard {
  /** Resolves once the proxy serves the answer. */
  put(token: string, answer: string): Promise<void>;
  /** The answer may stop being served (at once or with the next change). */
  remove(token: string): Promise<void>;
}

/** Tokens become file names and configuration text: base64url only (RFC 8555 §8.3), never a path or syntax. */
export const CHALLENGE_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
/** A key authorization is `<token>.<thumbprint>`, both base64url; the pre-flight's own answer is plain too. */
export const CHALLENGE_ANSWER = /^[A-Za-z0-9_.-]{1,512}$/;

export function assertChallenge(token: string, answer?: string): void {
  if (!CHALLENGE_TOKEN.test(token)) throw new Error('malformed challenge token');
  if (answer !== undefined && !CHALLENGE_ANSWER.test(answer)) throw new Error('malformed challenge answer');
}

/** Files in the folder the proxy serves the challenge path from (nginx on one host: proxy/render.ts). */
export function fileBoard(dir: string): ChallengeBoard {
  return {
    async put(token, answer) {
      assertChallenge(token, answer);
      await fs.writeFile(path.join(dir, token), answer, { mode: 0o644 });
    },
    async remove(token) {
      if (CHALLENGE_TOKEN.test(token)) await fs.rm(path.join(dir, token), { force: true });
    },
  };
}
