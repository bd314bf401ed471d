// Exec with streams (for dumps and restores): stdout flows through a demuxer into the caller's Writable
// with backpressure (pipeline pauses the engine socket when the compressor or the disk is behind), stderr
// is kept apart (bounded), stdin can be fed from a Readable. Nothing is held in memory. The exit code
// comes from exec inspect once the stream has ended (STYLE §9: "end" means "now check").
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { Transform, Writable, type Duplex, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SummonerError } from '../../errors.js';
import type { Engine } from './connection.js';
import { call, mapEngineError } from './errors.js';

/**
 * Docker's multiplexed stream (no TTY) as a Transform: stdout payloads are pushed on, stderr payloads go to
 * `onStderr`. Frames may be split across chunks at any byte; nothing is copied but the 8-byte headers.
 */
export class DockerDemux extends Transform {
  private readonly header = Buffer.alloc(8);
  private hlen = 0;
  private need = 0;
  private type = 1;
  constructor(private readonly onStderr: (chunk: Buffer) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.need === 0) {
        const take = Math.min(8 - this.hlen, chunk.length - off);
        chunk.copy(this.header, this.hlen, off, off + take);
        this.hlen += take;
        off += take;
        if (this.hlen < 8) break;
        this.hlen = 0;
        const t = this.header[0]!;
        if (t > 2 || this.header[1] !== 0 || this.header[2] !== 0 || this.header[3] !== 0) {
          cb(new SummonerError('engine.exec_stream', 'the engine sent an exec stream that is not multiplexed'));
          return;
        }
        this.type = t;
        this.need = this.header.readUInt32BE(4);
        continue;
      }
      const take = Math.min(this.need, chunk.length - off);
      const part = chunk.subarray(off, off + take);
      off += take;
      this.need -= take;
      if (this.type === 2) this.onStderr(part);
      else this.push(part);
    }
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (this.need > 0 || this.hlen > 0) cb(new SummonerError('engine.exec_stream', 'the exec stream ended in the middle of a frame'));
    else cb();
  }
}

export interface StreamExecOptions {
  /** Environment for the process (credentials go here, never in argv). */
  env?: string[];
  /** Fed to the process's stdin; its end closes stdin. */
  stdin?: Readable;
  /** Where stdout goes; without it stdout is kept (bounded, like stderr). */
  stdout?: Writable;
  /** Streams stdout passes through before `stdout` (taps, a compressor), all in one pipeline. */
  through?: Duplex[];
  /** Bytes of stderr (and of kept stdout) to keep; default 64 KiB. */
  keepBytes?: number;
  /** Called with the exec id once it started (e.g. to find the process for a test). */
  onStart?: (execId: string) => void;
}

export interface StreamExecResult {
  exitCode: number;
  stderr: string;
  /** Only when no `stdout` Writable was given. */
  stdout: string;
  /** The process closed its stdin before all of it was written. */
  stdinClosedEarly: boolean;
}

/** A bounded text sink: keeps the first `max` bytes. */
function keeper(max: number): { add(b: Buffer): void; text(): string } {
  const parts: Buffer[] = [];
  let n = 0;
  return {
    add(b) {
      if (n >= max) return;
      const slice = b.subarray(0, max - n);
      parts.push(Buffer.from(slice));
      n += slice.length;
    },
    text: () => Buffer.concat(parts).toString('utf8'),
  };
}

/** Run argv in the container, streaming. Rejects when a stream fails (the caller's Writable included). */
export async function execStream(engine: Engine, container: string, argv: string[], opts: StreamExecOptions = {}): Promise<StreamExecResult> {
  const ctx = { doing: `running ${argv[0] ?? ''} in ${container}`, socket: engine.socket };
  const keep = opts.keepBytes ?? 64 * 1024;
  const exec = await call(ctx, () =>
    engine.docker.getContainer(container).exec({
      Cmd: argv,
      AttachStdout: true,
      AttachStderr: true,
      AttachStdin: !!opts.stdin,
      Tty: false,
      ...(opts.env ? { Env: opts.env } : {}),
    }),
  );
  const socket = (await call(ctx, () => exec.start({ hijack: true, stdin: !!opts.stdin }))) as unknown as NodeJS.ReadWriteStream & Readable & Writable;
  opts.onStart?.(exec.id);
  const err = keeper(keep);
  const out = keeper(keep);
  const sink = opts.stdout ?? new Writable({ write: (c: Buffer, _e, cb) => (out.add(c), cb()) });
  let stdinClosedEarly = false;
  let fed = !opts.stdin;
  const feeding = opts.stdin
    ? pipeline(opts.stdin, socket as unknown as Writable, { end: true }).then(() => void (fed = true), (e: NodeJS.ErrnoException) => {
        // the process exited without reading all of its stdin (pg_restore stops after its last entry):
        // not a transport failure; its exit code tells
        if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_PREMATURE_CLOSE' || e.code === 'ECONNRESET') {
          stdinClosedEarly = true;
          opts.stdin?.resume();
          return;
        }
        socket.destroy();
        throw e;
      })
    : Promise.resolve();
  const output = pipeline([socket as unknown as Readable, new DockerDemux((b) => err.add(b)), ...(opts.through ?? []), sink]);
  try {
    await Promise.race([output, feeding.then(() => output)]);
    // the process is done with its output: whatever stdin it did not read is not sent on (pg_restore --list
    // stops after the table of contents; the rest of a dump would only be pushed through the engine for nothing)
    if (!fed) {
      stdinClosedEarly = true;
      opts.stdin?.destroy();
    }
    await feeding;
  } catch (e) {
    socket.destroy();
    opts.stdin?.destroy();
    // a transport stream broke because the process stopped (a loader exiting on its first error while it
    // was being fed): its exit code and its own error text tell more than "The operation was aborted".
    // A failure of the caller's own streams (a full disk) is the caller's to report: thrown as is.
    const code = (e as NodeJS.ErrnoException).code;
    const transport = (e as Error).name === 'AbortError' || code === 'ABORT_ERR' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
    if (!transport) throw e;
    let info = await exec.inspect().catch(() => undefined);
    for (let i = 0; i < 20 && info?.Running; i++) {
      await new Promise((r) => setTimeout(r, 100));
      info = await exec.inspect().catch(() => undefined);
    }
    if (info && !info.Running && typeof info.ExitCode === 'number' && info.ExitCode !== 0) {
      return { exitCode: info.ExitCode, stderr: err.text() || (e as Error).message, stdout: out.text(), stdinClosedEarly: true };
    }
    throw e;
  }
  // the stream can end a moment before the engine records the exit code
  for (let i = 0; i < 100; i++) {
    const info = await call(ctx, () => exec.inspect());
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) {
      return { exitCode: info.ExitCode, stderr: err.text(), stdout: out.text(), stdinClosedEarly };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new SummonerError('engine.exec_failed', `no exit code for ${argv[0] ?? 'command'} in ${container}`);
}

/**
 * The PID of an exec's process as this machine sees it, or undefined when that cannot be proven. The engine
 * reports the PID in its own PID namespace: the same as ours only when Summoner runs on the engine's host,
 * outside a container. Summoner in a container (as deploy/compose.yml runs it), an engine over TCP or a Swarm
 * node's engine report a number that names another process here, or none. So the PID is used only when this
 * machine's /proc shows a process of that PID in the exec's own container (its cgroup path names the container's
 * ID, with the cgroupfs and the systemd drivers alike). It is 0 for a moment after the exec starts.
 */
export async function execPid(engine: Engine, execId: string): Promise<number | undefined> {
  for (let i = 0; i < 50; i++) {
    const info = (await call({ doing: 'inspecting an exec', socket: engine.socket }, () => engine.docker.getExec(execId).inspect())) as { Pid?: number; Running?: boolean; ExitCode?: number | null; ContainerID?: string };
    if (info.Pid) return (await inContainer(info.Pid, info.ContainerID)) ? info.Pid : undefined;
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) return undefined;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

/** Is this machine's process `pid` in the container `containerId` (its cgroup path names it)? */
async function inContainer(pid: number, containerId: string | undefined): Promise<boolean> {
  if (!containerId || !/^[0-9a-f]{64}$/.test(containerId)) return false;
  const cgroup = await fs.readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
  return cgroup.includes(containerId);
}

/** A container's environment as a map (values may be secrets: never log them) and its image id. */
export async function containerEnv(engine: Engine, name: string): Promise<{ env: Record<string, string>; imageId: string; image: string; running: boolean } | undefined> {
  try {
    const i = await engine.docker.getContainer(name).inspect();
    const env: Record<string, string> = {};
    for (const kv of i.Config.Env ?? []) {
      const at = kv.indexOf('=');
      if (at > 0) env[kv.slice(0, at)] = kv.slice(at + 1);
    }
    return { env, imageId: i.Image, image: i.Config.Image, running: i.State.Running };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw mapEngineError(err, { doing: `inspecting ${name}`, socket: engine.socket });
  }
}

/**
 * A throw-away container (verify): no network at all, no published port, no restart policy, no mounts;
 * labelled so that a cleanup by label finds it. Created and started.
 */
export async function startScratchContainer(engine: Engine, o: { name: string; image: string; env: string[]; labels: Record<string, string>; cmd?: string[] }): Promise<void> {
  const ctx = { doing: `creating the throw-away container ${o.name}`, socket: engine.socket, image: o.image };
  const c = await call(ctx, () =>
    engine.docker.createContainer({ name: o.name, Image: o.image, Env: o.env, Labels: o.labels, ...(o.cmd ? { Cmd: o.cmd } : {}), HostConfig: { NetworkMode: 'none', AutoRemove: false } }),
  );
  await call({ ...ctx, doing: `starting ${o.name}` }, () => c.start());
}

/** The bind mounts of a container (host source → container target). */
export async function containerBinds(engine: Engine, name: string): Promise<{ source: string; target: string; readOnly: boolean }[]> {
  const i = await call({ doing: `inspecting ${name}`, socket: engine.socket }, () => engine.docker.getContainer(name).inspect());
  return (i.Mounts ?? []).filter((m) => m.Type === 'bind').map((m) => ({ source: m.Source, target: m.Destination, readOnly: m.RW === false }));
}

/**
 * A twin of a live container for a restore built beside it (and verify): the same image (by id),
 * environment (`env` replaces variables of the same name), command, entrypoint and user, so the server runs
 * with the minion's own flags; the bind sources in `binds` replaced by new folders, other binds read-only;
 * no network at all, no restart policy. Created and started.
 */
/**
 * What a twin of `live` starts from, hashed: the image, environment, command, entrypoint, user and binds that
 * startTwinContainer copies. Two twins with the same key initialise the same empty server (a restore's spare
 * folder is used only for the key it was made for, spare.ts). Secrets in the environment go into the hash only.
 */
export async function twinConfigKey(engine: Engine, live: string): Promise<string> {
  const i = await call({ doing: `inspecting ${live}`, socket: engine.socket }, () => engine.docker.getContainer(live).inspect());
  const binds = (i.Mounts ?? []).filter((m) => m.Type === 'bind').map((m) => `${m.Source}>${m.Destination}:${m.RW === false ? 'ro' : 'rw'}`);
  const what = { image: i.Image, env: [...(i.Config.Env ?? [])].sort(), cmd: i.Config.Cmd ?? null, entrypoint: i.Config.Entrypoint ?? null, user: i.Config.User ?? '', binds: binds.sort() };
  return createHash('sha256').update(JSON.stringify(what)).digest('hex');
}

export async function startTwinContainer(
  engine: Engine,
  /** `run`: another command instead of the live one's (a helper that prepares the twin's folders), as root. */
  o: {
    live: string;
    name: string;
    binds: Map<string, string>;
    labels: Record<string, string>;
    env?: string[];
    run?: string[];
    /** Flags appended to the live command (a thrown-away twin's fast-load settings), given the live command. */
    args?: (cmd: string[]) => string[];
    /** More folders bound read-only (host folder → path in the container): a dump staged for the load. */
    readOnly?: Map<string, string>;
  },
): Promise<void> {
  const ctx = { doing: `creating ${o.name} beside ${o.live}`, socket: engine.socket };
  const i = await call(ctx, () => engine.docker.getContainer(o.live).inspect());
  const mounts = (i.Mounts ?? [])
    .filter((m) => m.Type === 'bind')
    // the replaced folders are the twin's own; any other bind (a config file) is shared read-only
    .map((m) => ({ Type: 'bind' as const, Source: o.binds.get(m.Source) ?? m.Source, Target: m.Destination, ReadOnly: !o.binds.has(m.Source) || m.RW === false }))
    .concat([...(o.readOnly ?? [])].map(([Source, Target]) => ({ Type: 'bind' as const, Source, Target, ReadOnly: true })));
  const c = await call(ctx, () =>
    engine.docker.createContainer({
      name: o.name,
      Image: i.Image,
      Env: o.env ? [...(i.Config.Env ?? []).filter((kv) => !o.env!.some((e) => e.split('=')[0] === kv.split('=')[0])), ...o.env] : (i.Config.Env ?? []),
      Labels: o.labels,
      ...(o.run ? { Entrypoint: [o.run[0]!], Cmd: o.run.slice(1), User: '0' } : {
        ...(i.Config.Cmd || o.args ? { Cmd: [...(i.Config.Cmd ?? []), ...(o.args?.(i.Config.Cmd ?? []) ?? [])] } : {}),
        ...(i.Config.Entrypoint ? { Entrypoint: i.Config.Entrypoint as string[] } : {}),
        ...(i.Config.User ? { User: i.Config.User } : {}),
      }),
      ...((i.Config as { StopSignal?: string }).StopSignal ? { StopSignal: (i.Config as { StopSignal?: string }).StopSignal } : {}),
      HostConfig: { NetworkMode: 'none', AutoRemove: false, Mounts: mounts },
    }),
  );
  await call({ ...ctx, doing: `starting ${o.name}` }, () => c.start());
}
