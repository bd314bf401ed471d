// `nginx -t` on a file set before it goes live, and what nginx's refusal means for the user. On one host the
// check runs inside the proxy container (nginx.ts); on a Swarm the set lives in Docker configs, so it runs in a
// throw-away container of the same image on Summoner's engine, given the files through the Engine API (a tar
// put into the created container: no bind mount, no shell).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SummonerError } from '../../errors.js';
import { call, containerLogs, ensureImage, removeContainer, type Engine } from '../engine/index.js';

/** The error for a set nginx refused: which minions' files it named, and its first real complaint. */
export function refusal(stderr: string): SummonerError {
  const culprits = [...new Set([...stderr.matchAll(/sites\/([A-Za-z0-9._-]+)\.conf/g)].map((m) => m[1]!))];
  return new SummonerError(
    'proxy.config_invalid',
    `nginx refused the configuration${culprits.length ? ` of ${culprits.join(', ')}` : ''}: ${firstError(stderr)}`,
    { hint: 'the proxy keeps serving the previous configuration; fix the minion\'s x-summoner.proxy settings and summon it again' },
  );
}

/** The first `[emerg]` line of nginx's output, without the noise. */
export function firstError(stderr: string): string {
  const line = stderr.split('\n').find((l) => /\[(emerg|alert|crit|error)\]/.test(l)) ?? stderr.split('\n').find((l) => l.trim()) ?? 'no output';
  return line.replace(/^.*?\[(emerg|alert|crit|error)\]\s*(\d+#\d+:\s*)?/, '').trim();
}

export interface CheckInput {
  engine: Engine;
  image: string;
  /** Absolute path inside the container → content. */
  files: ReadonlyMap<string, string | Buffer>;
  /** The nginx.conf to check (absolute, inside the container). */
  main: string;
  /** A folder of Summoner's where the files are laid out for the tar (removed after). */
  scratch: string;
  labels: Record<string, string>;
}

/** Run `nginx -t` on the files in a container that never starts nginx; refused → proxy.config_invalid. */
export async function checkInContainer(o: CheckInput): Promise<void> {
  const { engine } = o;
  const id = crypto.randomBytes(4).toString('hex');
  const dir = path.join(o.scratch, `check-${id}`);
  const name = `summoner-proxy-check-${id}`;
  try {
    for (const [abs, content] of o.files) {
      const rel = path.posix.normalize(abs).replace(/^\/+/, '');
      if (!rel || rel.startsWith('..')) throw new SummonerError('proxy.config_invalid', `a proxy file path leaves its root: ${JSON.stringify(abs)}`);
      await fs.mkdir(path.join(dir, path.dirname(rel)), { recursive: true, mode: 0o700 });
      await fs.writeFile(path.join(dir, rel), content, { mode: 0o600 });
    }
    const { create } = await import('tar');
    const chunks: Buffer[] = [];
    for await (const c of create({ cwd: dir, portable: true }, (await fs.readdir(dir)).sort())) chunks.push(Buffer.from(c as Uint8Array));
    await ensureImage(engine, o.image, () => undefined);
    const ctx = { doing: 'checking the proxy configuration', socket: engine.socket, image: o.image };
    const c = await call(ctx, () =>
      engine.docker.createContainer({
        name,
        Image: o.image,
        Cmd: ['nginx', '-t', '-q', '-c', o.main],
        Labels: o.labels,
        HostConfig: { NetworkMode: 'none', AutoRemove: false },
      }),
    );
    await call(ctx, () => c.putArchive(Buffer.concat(chunks), { path: '/' }));
    await call(ctx, () => c.start());
    const { StatusCode } = (await call(ctx, () => c.wait())) as { StatusCode: number };
    if (StatusCode !== 0) {
      const out = (await containerLogs(engine, name, 50)).map((l) => l.text).join('\n');
      throw refusal(out);
    }
  } finally {
    await removeContainer(engine, name).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }
}
