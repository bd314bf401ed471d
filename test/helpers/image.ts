// Summoner's own image in tests: the local base (scripts/image/build-base.sh), then ./Dockerfile built once per
// content hash and reused by tag. The docker CLI is driven with argv arrays (never a shell).
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { vi } from 'vitest';
import { shippedNodeFlags } from '../../bench/node-flags.js';

const run = promisify(execFile);
export const REPO = path.resolve(import.meta.dirname, '../..');
export const BASE_IMAGE = 'summoner-base/node:24';
export const BUILD_IMAGE = 'summoner-base/node-build:24';
/** Every image the tests build is tagged here; the tag is the hash of what went in. */
export const IMAGE_REPO = 'summoner-test/summoner';

export interface Docker {
  stdout: string;
  stderr: string;
  code: number;
}

/** `docker …` with an argv array; resolves with the exit code instead of throwing (callers assert it). */
export async function docker(args: string[], timeoutMs = 120_000): Promise<Docker> {
  try {
    const r = await run('docker', args, { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; code?: number | string };
    return { stdout: x.stdout ?? '', stderr: x.stderr ?? String(e), code: typeof x.code === 'number' ? x.code : 1 };
  }
}

export async function dockerOk(args: string[], timeoutMs?: number): Promise<string> {
  const r = await docker(args, timeoutMs);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr.trim().slice(-2000)}`);
  return r.stdout;
}

/** The inputs of the image (the files .dockerignore lets in). */
function contextHash(extra: string[]): string {
  const h = crypto.createHash('sha256');
  const files: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(REPO, rel);
    const st = fs.statSync(abs);
    if (st.isDirectory()) for (const e of fs.readdirSync(abs).sort()) walk(path.join(rel, e));
    else if (!rel.endsWith('.test.ts')) files.push(rel);
  };
  for (const p of ['Dockerfile', '.dockerignore', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'adapters', 'commands', 'minions', 'summoner.example.yml', 'deploy/summoner.container.yml']) walk(p);
  for (const f of files) h.update(f).update('\0').update(fs.readFileSync(path.join(REPO, f))).update('\0');
  for (const x of extra) h.update(x);
  return h.digest('hex').slice(0, 16);
}

export interface BuiltImage {
  tag: string;
  /** Bytes, as `docker image inspect` reports them. */
  size: number;
  /** Seconds this run spent on the base and the image (0-ish when both were reused). */
  baseSeconds: number;
  buildSeconds: number;
  reused: boolean;
}

/** The base (built once per machine), then Summoner's image for the current sources (reused when unchanged). */
export async function ensureSummonerImage(): Promise<BuiltImage> {
  let t0 = Date.now();
  const base = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile('bash', [path.join(REPO, 'scripts/image/build-base.sh')], { timeout: 900_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? 1 : 0, out: stdout + stderr }),
    );
  });
  if (base.code !== 0) throw new Error(`scripts/image/build-base.sh failed:\n${base.out.slice(-3000)}`);
  const baseSeconds = (Date.now() - t0) / 1000;
  const baseId = (await dockerOk(['image', 'inspect', '-f', '{{.Id}}', BASE_IMAGE])).trim();
  const buildId = (await dockerOk(['image', 'inspect', '-f', '{{.Id}}', BUILD_IMAGE])).trim();
  const tag = `${IMAGE_REPO}:${contextHash([baseId, buildId])}`;
  t0 = Date.now();
  let reused = true;
  if ((await docker(['image', 'inspect', tag])).code !== 0) {
    reused = false;
    const older = (await dockerOk(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', IMAGE_REPO])).split('\n').filter(Boolean);
    // the README's build: scripts/image/build.sh (local bases, this machine's npm configuration)
    const built = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile('bash', [path.join(REPO, 'scripts/image/build.sh'), '-q', '--label', 'org.summoner.test=image', '-t', tag], { timeout: 1_200_000, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, DOCKER_BUILDKIT: '0' } }, (err, stdout, stderr) =>
        resolve({ code: err ? 1 : 0, out: stdout + stderr }),
      );
    });
    if (built.code !== 0) throw new Error(`scripts/image/build.sh failed:\n${built.out.slice(-3000)}`);
    // the images of older sources go (one in use by a container stays: rm without -f refuses)
    for (const o of older) if (o !== tag) await docker(['image', 'rm', o]);
  }
  const size = Number((await dockerOk(['image', 'inspect', '-f', '{{.Size}}', tag])).trim());
  return { tag, size, baseSeconds, buildSeconds: (Date.now() - t0) / 1000, reused };
}

/** The host's address on Docker's default bridge: what a container dials to reach a server on the host. */
export async function bridgeGateway(): Promise<string> {
  const net = JSON.parse(await dockerOk(['network', 'inspect', 'bridge']))[0];
  const gw = (net.IPAM?.Config ?? []).map((c: { Gateway?: string }) => c.Gateway).find(Boolean) as string | undefined;
  if (gw) return gw;
  // The default bridge often leaves Gateway out; Docker then gives its interface the subnet's first address
  // (node's networkInterfaces() does not list docker0 while it has no container: it is down).
  const subnet = (net.IPAM?.Config ?? []).map((c: { Subnet?: string }) => c.Subnet).find((s: string | undefined) => s && /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s)) as string | undefined;
  if (!subnet) throw new Error('the bridge network has neither a gateway nor an IPv4 subnet');
  const [a, b, c, d] = subnet.split('/')[0]!.split('.').map(Number) as [number, number, number, number];
  return `${a}.${b}.${c}.${d + 1}`;
}

export async function healthOf(container: string): Promise<string> {
  const r = await docker(['inspect', '-f', '{{if .State.Health}}{{.State.Health.Status}}{{end}}', container]);
  return r.stdout.trim();
}

export async function waitHealth(container: string, want: 'healthy' | 'unhealthy', ms: number): Promise<void> {
  let last = '';
  let stopped = false;
  await vi
    .waitFor(
      async () => {
        if (stopped) return; // a stopped container never gets there: fail now, with its logs
        last = await healthOf(container);
        if (last === want) return;
        stopped = (await docker(['inspect', '-f', '{{.State.Running}}', container])).stdout.trim() === 'false';
        if (!stopped) throw new Error(`${container} is "${last}"`);
      },
      { timeout: ms, interval: 500 },
    )
    .catch(() => undefined);
  if (last === want) return;
  const logs = await docker(['logs', '--tail', '40', container]);
  throw new Error(`${container} is "${last}"${stopped ? ' and stopped' : ''}, not ${want}, after ${ms} ms. Its last log lines:\n${logs.stdout}${logs.stderr}`);
}

/** The host port Docker published for a container port (published on 127.0.0.1, port chosen by Docker). */
export async function publishedPort(container: string, port: number): Promise<number> {
  const out = (await dockerOk(['port', container, `${port}/tcp`])).trim().split('\n')[0] ?? '';
  const p = Number(out.split(':').pop());
  if (!p) throw new Error(`no published port for ${container}:${port} (${out})`);
  return p;
}

/** The socket's group id: the container's user joins it with --group-add (its gid differs per host). */
export function socketGid(socket = '/var/run/docker.sock'): number {
  return fs.statSync(socket).gid;
}

/**
 * "The next release" for upgrade tests: the current image plus one appended schema migration and a higher
 * version. Built FROM the current image (seconds, nothing recompiled): its schema module gets one more
 * entry pushed at load, exactly what adding a module's migration with the next version does in a real release.
 */
export async function ensureNextImage(current: string, nextVersion = '99.0.0-next'): Promise<string> {
  // the image has no bundler (dev dependencies are pruned), so the next build runs tsc's output of the same
  // code, where the migration is added: its CMD and its `summoner` wrapper point there
  const dockerfile = [
    `FROM ${current}`,
    'COPY schema.js /app/dist/src/schema.js',
    'COPY package.json /app/package.json',
    'USER root',
    `RUN printf '#!/bin/sh\\nexec node ${shippedNodeFlags().join(' ')} /app/dist/src/main.js "$@"\\n' >/usr/local/bin/summoner`,
    'USER node',
    `CMD ${JSON.stringify(['node', ...shippedNodeFlags(), 'dist/src/main.js'])}`,
    '',
  ].join('\n');
  const tag = `${IMAGE_REPO}-next:${current.split(':').pop()}-${crypto.createHash('sha256').update(dockerfile).digest('hex').slice(0, 8)}`;
  if ((await docker(['image', 'inspect', tag])).code === 0) return tag;
  const dir = fs.mkdtempSync(path.join(REPO, '.next-image-')); // beside the repo: the context must be a real folder
  try {
    const js = await dockerOk(['run', '--rm', '--entrypoint', 'cat', current, '/app/dist/src/schema.js']);
    fs.writeFileSync(
      path.join(dir, 'schema.js'),
      `${js}\nMIGRATIONS.push({ name: 'upgrade test: a table the next release adds', up: 'CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY, note TEXT)' });\n`,
    );
    const pkg = JSON.parse(await dockerOk(['run', '--rm', '--entrypoint', 'cat', current, '/app/package.json']));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, version: nextVersion }, null, 2));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
    for (const o of (await dockerOk(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', `${IMAGE_REPO}-next`])).split('\n').filter(Boolean)) {
      await docker(['image', 'rm', o]);
    }
    await dockerOk(['build', '-q', '--label', 'org.summoner.test=image', '-t', tag, dir]);
    return tag;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The schema version and the last recorded migration of the state database in a volume. */
export async function schemaInVolume(image: string, volume: string): Promise<{ version: number; last: { version: number; name: string; by_version: string } }> {
  // read from a copy of the volume's files: a read-only connection would leave -wal/-shm files in the real one
  const script = `
    const fs = require('fs'); fs.mkdirSync('/tmp/s');
    for (const f of fs.readdirSync('/v')) if (f.startsWith('summoner.db')) fs.copyFileSync('/v/' + f, '/tmp/s/' + f);
    const d = new (require('/app/node_modules/better-sqlite3'))('/tmp/s/summoner.db', { readonly: true });
    console.log(JSON.stringify({ version: d.pragma('user_version', { simple: true }),
      last: d.prepare('SELECT version, name, by_version FROM schema_migrations ORDER BY version DESC LIMIT 1').get() }));`;
  const out = await dockerOk(['run', '--rm', '--entrypoint', 'node', '-v', `${volume}:/v:ro`, image, '-e', script]);
  return JSON.parse(out.trim().split('\n').pop()!);
}
