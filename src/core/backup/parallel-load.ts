// A mariadb-dump loaded over a leader and `workers` connections (sql-router.ts says how the dump is split):
// each connection is the image's own client in its own exec, fed on stdin, with `--unbuffered` so that the
// markers it echoes (`SELECT '<marker>'`) come out as each is reached. Any connection failing stops them all;
// the first failure's own text is what is reported. Used only for a fresh server (a restore's twin, verify's
// throw-away database), which is thrown away when a load fails.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { once } from 'node:events';
import { PassThrough, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { execStream, type Engine, type StreamExecResult } from '../engine/index.js';
import type { ToolCall } from './dumpers.js';
import { SqlDumpRouter, type LoadSink } from './sql-router.js';

/** Row connections for a fresh server's load: one per core, two to four (a server's cores are not known here). */
export const LOAD_WORKERS = Math.max(2, Math.min(4, os.availableParallelism()));

/** Bytes a connection may have waiting: one of mariadb-dump's statements (1 MB by default) beside the one it runs. */
const BACKLOG = 2 << 20;

interface Connection extends LoadSink {
  input: PassThrough;
  done: Promise<StreamExecResult>;
}

/** One client in `container`: its stdin, and markers read from its stdout. */
function connect(engine: Engine, container: string, call: ToolCall, id: string): Connection {
  const input = new PassThrough({ highWaterMark: BACKLOG });
  const waiting = new Map<string, () => void>();
  let seen = '';
  let ended: Error | undefined;
  /** The connection ended: whoever waits for a marker stops waiting (and finds `ended`). */
  const releaseWaits = () => {
    for (const [marker, resolve] of waiting) {
      waiting.delete(marker);
      resolve();
    }
  };
  const stdout = new Writable({
    write(c: Buffer, _e, cb) {
      // markers are short ASCII lines; what else the client prints is ignored (its last 64 bytes are kept for a split marker)
      seen += c.toString('latin1');
      for (const [marker, resolve] of waiting) {
        if (seen.includes(marker)) {
          waiting.delete(marker);
          resolve();
        }
      }
      seen = seen.slice(-64);
      cb();
    },
  });
  const argv = [...call.argv, '--unbuffered'];
  const done = execStream(engine, container, argv, { env: call.env, stdin: input, stdout }).finally(() => {
    ended = new Error(`${argv[0]} ended`);
    releaseWaits();
  });
  let n = 0;
  const conn: Connection = {
    input,
    done,
    async write(b) {
      if (ended) throw ended;
      if (!input.write(b)) await Promise.race([once(input, 'drain'), done]);
      if (ended) throw ended;
    },
    async sync(commit) {
      if (ended) throw ended;
      const marker = `summoner-sync-${id}-${++n}`;
      const reached = new Promise<void>((r) => waiting.set(marker, r));
      await conn.write(Buffer.from(`${commit ? 'COMMIT;\n' : ''}SELECT '${marker}';\n`));
      await reached;
      if (ended) throw ended;
    },
    backlog: () => input.writableLength,
  };
  return conn;
}

export interface ParallelLoadResult extends StreamExecResult {
  connections: number;
  rowStatements: number;
}

/**
 * Load `source` (a mariadb-dump stream, already through its taps) into `container` over 1 + `workers`
 * connections of `call`'s client. The result is the failing connection's, or the leader's when all exit 0.
 */
export async function loadSqlParallel(engine: Engine, container: string, call: ToolCall, source: Readable, workers: number): Promise<ParallelLoadResult> {
  const id = randomBytes(6).toString('hex');
  let stop = () => {};
  const stopped = new Promise<void>((r) => (stop = r));
  const conns = Array.from({ length: 1 + workers }, () => connect(engine, container, call, id));
  // a connection that exits before its input ended stopped on an error: the others are stopped too
  for (const c of conns) void c.done.then((r) => (r.exitCode !== 0 || !c.input.writableEnded ? stop() : undefined), stop);
  const router = new SqlDumpRouter(conns[0]!, conns.slice(1));
  const routed = pipeline(source, router).then(
    () => conns.forEach((c) => c.input.end()),
    (err: unknown) => {
      for (const c of conns) c.input.destroy();
      return err;
    },
  );
  await Promise.race([routed, stopped.then(() => source.destroy())]);
  const results = await Promise.allSettled(conns.map((c) => c.done));
  const routeErr = await routed;
  const failed = results.find((r) => r.status === 'fulfilled' && r.value.exitCode !== 0) as PromiseFulfilledResult<StreamExecResult> | undefined;
  const base = { connections: conns.length, rowStatements: router.counts.rows };
  if (failed) return { ...failed.value, ...base };
  const broken = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
  if (broken) throw broken.reason;
  if (routeErr) throw routeErr;
  const leader = (results[0] as PromiseFulfilledResult<StreamExecResult>).value;
  return { ...leader, stdinClosedEarly: results.some((r) => r.status === 'fulfilled' && r.value.stdinClosedEarly), ...base };
}
