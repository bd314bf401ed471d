// Images built from a Dockerfile in a minion's folder (compose `build:`): the context is read file by file
// (every path checked to stay inside the folder, a symlink leading out refused), hashed, packed with node-tar
// (no shell, no docker CLI) and built by the engine; the build's output goes line by line to the progress post,
// and an error line fails the build (STYLE "What to avoid" 5). The tag is the hash of the context, so an
// unchanged context is not built twice and a changed one is a new image.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { SummonerError } from '../../errors.js';
import type { BuildSpec } from '../types.js';
import type { Engine } from './connection.js';
import { call, mapEngineError } from './errors.js';
import { inspectImage } from './images.js';
import { followProgress } from './streams.js';

const MAX_FILES = 20_000;
const MAX_BYTES = 1024 ** 3;

export interface BuildContext {
  /** the context folder, symlinks resolved */
  dir: string;
  /** files and links relative to `dir`, sorted */
  entries: string[];
  /** sha256 of every entry's path, kind, mode and content */
  hash: string;
}

const inside = (root: string, p: string) => p === root || p.startsWith(`${root}${path.sep}`);

/** Read a build context: everything under it, checked; refused with why. */
export function readBuildContext(build: BuildSpec): BuildContext {
  const refuse = (message: string) => new SummonerError('build.refused', message, { hint: "keep the Dockerfile and its sources inside the minion's folder" });
  let root: string;
  let dir: string;
  try {
    root = fs.realpathSync(build.root);
    dir = fs.realpathSync(path.resolve(build.root, build.context));
  } catch {
    throw new SummonerError('build.missing', `the build context ${build.context} is not in ${build.root}`, { hint: 'put the Dockerfile and its sources there' });
  }
  if (!inside(root, dir)) throw refuse(`the build context ${build.context} leads outside the minion's folder`);
  const dockerfile = path.resolve(dir, build.dockerfile);
  let realDockerfile: string;
  try {
    realDockerfile = fs.realpathSync(dockerfile);
  } catch {
    throw new SummonerError('build.missing', `no ${build.dockerfile} in the build context ${build.context}`);
  }
  if (!inside(dir, realDockerfile) || !fs.statSync(realDockerfile).isFile()) throw refuse(`${build.dockerfile} is not a file inside the build context`);

  const entries: string[] = [];
  const hash = createHash('sha256');
  let bytes = 0;
  const walk = (rel: string) => {
    const abs = path.join(dir, rel);
    for (const name of fs.readdirSync(abs).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const full = path.join(dir, r);
      const st = fs.lstatSync(full);
      if (entries.length >= MAX_FILES) throw refuse(`the build context has more than ${MAX_FILES} files`);
      if (st.isSymbolicLink()) {
        let target: string;
        try {
          target = fs.realpathSync(full);
        } catch {
          throw refuse(`${r} is a dangling symlink`);
        }
        if (!inside(dir, target)) throw refuse(`${r} is a symlink leading outside the build context`);
        entries.push(r);
        hash.update(`l\0${r}\0${fs.readlinkSync(full)}\0`);
      } else if (st.isDirectory()) {
        entries.push(r);
        hash.update(`d\0${r}\0${st.mode & 0o7777}\0`);
        walk(r);
      } else if (st.isFile()) {
        bytes += st.size;
        if (bytes > MAX_BYTES) throw refuse(`the build context is larger than ${MAX_BYTES / 1024 ** 3} GB`);
        entries.push(r);
        hash.update(`f\0${r}\0${st.mode & 0o7777}\0`);
        hash.update(fs.readFileSync(full));
        hash.update('\0');
      } else throw refuse(`${r} is neither a file, a folder nor a symlink`);
    }
  };
  walk('');
  hash.update(`args\0${JSON.stringify(Object.entries(build.args).sort())}\0${build.dockerfile}\0${build.target ?? ''}`);
  return { dir, entries, hash: hash.digest('hex') };
}

/** `summoner-build/<app>-<service>` and the context's hash: what `buildImage` tags. */
export function buildTag(ctx: BuildContext): string {
  return ctx.hash.slice(0, 16);
}

/**
 * Build `repository:<hash>` from the context unless the engine has it already; each output line goes to
 * `onLine`. Resolves once the image is there; an error line, or no image at the end, rejects.
 */
export async function buildImage(engine: Engine, repository: string, build: BuildSpec, onLine: (line: string) => void): Promise<{ ref: string; built: boolean }> {
  const ctx = readBuildContext(build);
  const ref = `${repository}:${buildTag(ctx)}`;
  if (await inspectImage(engine, ref)) return { ref, built: false };
  const where = { doing: `building ${ref}`, socket: engine.socket, image: ref };
  // tar is loaded here, on the first build: the start does not need it
  const { create: tarCreate } = await import('tar');
  const tarball = tarCreate({ cwd: ctx.dir, portable: true, noDirRecurse: true, follow: false }, ctx.entries) as unknown as Readable;
  const stream = await call(where, () =>
    engine.docker.buildImage(tarball as unknown as NodeJS.ReadableStream, {
      t: ref,
      dockerfile: build.dockerfile,
      buildargs: build.args,
      ...(build.target ? { target: build.target } : {}),
      labels: { 'summoner.build-context': ctx.hash },
      rm: true,
      forcerm: true,
    }) as Promise<NodeJS.ReadableStream>,
  );
  try {
    await followProgress(stream as unknown as Readable, (e) => {
      const text = (e as { stream?: string }).stream ?? e.status;
      if (text) for (const line of text.split('\n')) if (line.trim()) onLine(line.trimEnd());
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new SummonerError('build.failed', `the build of ${ref} failed: ${message.slice(0, 300)}`, { hint: 'see the build output above; fix the Dockerfile', cause: mapEngineError(err, where) });
  }
  if (!(await inspectImage(engine, ref))) throw new SummonerError('build.failed', `the build of ${ref} ended but the image is not there`);
  return { ref, built: true };
}
