// One psql session held open (stdin fed as we go, stdout read line by line): the PostgreSQL dump exports
// its snapshot from it (`pg_export_snapshot()` in a REPEATABLE READ transaction), pg_dump runs with
// `--snapshot`, and the tables are fingerprinted in the same session, so inside the same snapshot.
import { PassThrough, Writable } from 'node:stream';
import { SummonerError } from '../../errors.js';
import { execStream, type Engine, type StreamExecResult } from '../engine/index.js';
import type { DbTarget } from './dumpers.js';

export class PgSession {
  private readonly stdin = new PassThrough();
  private buf = '';
  private lines: string[] = [];
  private waiter: { marker: string; resolve: (l: string[]) => void; reject: (e: Error) => void } | undefined;
  private ended: StreamExecResult | Error | undefined;
  readonly run: Promise<StreamExecResult>;
  private seq = 0;

  constructor(engine: Engine, container: string, t: DbTarget) {
    const out = new Writable({
      write: (c: Buffer, _e, cb) => {
        this.buf += c.toString('utf8');
        let nl;
        while ((nl = this.buf.indexOf('\n')) >= 0) {
          this.lines.push(this.buf.slice(0, nl));
          this.buf = this.buf.slice(nl + 1);
        }
        this.check();
        cb();
      },
    });
    this.run = execStream(engine, container, ['psql', '-h', '127.0.0.1', '-p', '5432', '-U', t.user, '-d', t.database, '--no-password', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t'], {
      env: [`PGPASSWORD=${t.password}`],
      stdin: this.stdin,
      stdout: out,
    });
    this.run.then(
      (r) => ((this.ended = r), this.check()),
      (e: Error) => ((this.ended = e), this.check()),
    );
  }

  private check(): void {
    const w = this.waiter;
    if (!w) return;
    const at = this.lines.indexOf(w.marker);
    if (at >= 0) {
      const got = this.lines.slice(0, at);
      this.lines = this.lines.slice(at + 1);
      this.waiter = undefined;
      w.resolve(got);
      return;
    }
    if (this.ended) {
      this.waiter = undefined;
      const e = this.ended;
      w.reject(e instanceof Error ? e : new SummonerError('backup.tool_failed', `psql stopped (exit ${e.exitCode}): ${e.stderr.split('\n').find((l) => l.trim()) ?? 'no message'}`));
    }
  }

  /** Run SQL; resolves with the lines it printed. One question at a time. */
  ask(sql: string): Promise<string[]> {
    const marker = `--summoner-${++this.seq}--`;
    const p = new Promise<string[]>((resolve, reject) => (this.waiter = { marker, resolve, reject }));
    this.stdin.write(`${sql}\nSELECT '${marker}';\n`);
    this.check();
    return p;
  }

  /** End the transaction and the session. */
  async close(): Promise<void> {
    if (!this.stdin.writableEnded) this.stdin.end('COMMIT;\n');
    await this.run.catch(() => undefined);
  }
}
