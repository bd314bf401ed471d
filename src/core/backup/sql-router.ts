// A mariadb-dump stream split over several connections, the way myloader loads: one connection (the leader)
// runs everything in the dump's order except the rows; the rows' INSERT statements go to the other
// connections (workers), each statement whole to one of them. A server loads one connection's statements on
// one core, so on two cores two workers load a table nearly 1.4 times as fast (1 GB: 33 s against 47 s).
//
// What keeps it the same load as one connection:
// - Session state is the same on every connection: `SET …` (plain or in a `/*!NNNNN SET … */` comment) and
//   `USE …` go to all of them, in the dump's order, and only between two tables' rows.
// - Order between statements that depend on each other: before a table's first row goes out, the leader has
//   run everything before it (its CREATE TABLE); before anything after the rows runs on the leader (its
//   triggers, the next table, the views), every worker has committed its rows. Both are waited for with a
//   marker the connection echoes (`sync`).
// - `LOCK TABLES … WRITE` / `UNLOCK TABLES` are left out: the leader's lock would block the workers; they only
//   speed up MyISAM, whose rows two connections still load one after the other.
// - A `DELIMITER` block (triggers, routines, events: their bodies hold INSERT lines of their own) goes to the
//   leader whole, and so does any line that is not a row statement.
// The lines of a dump are lines indeed: mariadb-dump escapes a newline inside a string (`\n`), so a line that
// ends with `;` ends its statement. Nothing is held but a line's first bytes.
import { Writable } from 'node:stream';

/** Where a part of the dump goes: a connection's stdin, with backpressure, and a wait for all before it. */
export interface LoadSink {
  /** Resolves when the sink takes more. */
  write(b: Buffer): Promise<void>;
  /** Resolves once every statement written before it has run (and, with `commit`, is committed). */
  sync(commit: boolean): Promise<void>;
  /** Bytes written and not yet taken by the connection. */
  backlog(): number;
}

const enum To {
  Leader,
  All,
  Worker,
  Drop,
}

const HEAD = 48;
const NL = 10;
const ROWS = /^(?:INSERT|REPLACE)(?: IGNORE)? INTO `/;
const SESSION = /^(?:\/\*!\d{5} )?(?:SET|USE) /i;
const LOCKS = /^(?:LOCK TABLES |UNLOCK TABLES;)/;
const DELIMITER = /^DELIMITER (\S+)/;
// mariadb-dump's first line since 10.11.8: a client command, no `;`
const SANDBOX = /^\/\*M!999999\\- enable the sandbox mode \*\//;

export class SqlDumpRouter extends Writable {
  /** Row statements sent to the workers, lock lines left out, waits for the connections. */
  readonly counts = { rows: 0, droppedLocks: 0, syncs: 0 };
  private head: Buffer[] = [];
  private headLen = 0;
  /** What the bytes now passing are: a line's head (still to decide), a statement, or a line of its own. */
  private mode: 'head' | 'statement' | 'line' = 'head';
  private to: To = To.Leader;
  private worker = 0;
  /** The last byte passed was a `;` (a statement's end may straddle two chunks). */
  private semicolon = false;
  private delimiter = ';';
  /** The workers hold rows not yet waited for. */
  private inRows = false;
  /** The leader was sent statements not yet waited for. */
  private leaderBusy = false;

  constructor(
    private readonly leader: LoadSink,
    private readonly workers: LoadSink[],
  ) {
    super({ highWaterMark: 1 << 20 });
    if (!workers.length) throw new Error('SqlDumpRouter needs a worker');
  }

  override _write(chunk: Buffer, _e: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.take(chunk).then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    (async () => {
      if (this.headLen) await this.decide();
      await this.endRows();
    })().then(() => cb(), cb);
  }

  private async take(buf: Buffer): Promise<void> {
    let i = 0;
    while (i < buf.length) {
      if (this.mode !== 'head') {
        i = await this.pass(buf, i);
        continue;
      }
      // a line's head: gathered until it says where the line goes
      const nl = buf.indexOf(NL, i);
      const want = Math.min(nl < 0 ? buf.length : nl + 1, i + HEAD - this.headLen);
      this.head.push(buf.subarray(i, want));
      this.headLen += want - i;
      i = want;
      if (this.headLen >= HEAD || buf[want - 1] === NL) await this.decide();
    }
  }

  /** The head is complete (or the stream ended): say where its line goes, then pass it on. */
  private async decide(): Promise<void> {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.headLen = 0;
    const [to, statement] = await this.classify(head.toString('latin1').replace(/\r?\n$/, ''));
    this.to = to;
    this.mode = statement ? 'statement' : 'line';
    this.semicolon = false;
    await this.pass(head, 0);
  }

  /**
   * Pass bytes from `i` to where the current statement (`;` then a newline: a newline is never inside a string
   * of mariadb-dump's) or line ends, in one write; returns where it stopped.
   */
  private async pass(buf: Buffer, i: number): Promise<number> {
    let end: number;
    if (this.mode === 'statement') {
      if (this.semicolon && buf[i] === NL) end = i + 1;
      else {
        const at = buf.indexOf(';\n', i);
        end = at < 0 ? -1 : at + 2;
      }
    } else {
      const at = buf.indexOf(NL, i);
      end = at < 0 ? -1 : at + 1;
    }
    const stop = end < 0 ? buf.length : end;
    await this.send(this.to, i === 0 && stop === buf.length ? buf : buf.subarray(i, stop));
    if (end < 0) this.semicolon = buf[buf.length - 1] === 59; /* ; */
    else this.mode = 'head';
    return stop;
  }

  /** Where a line goes, and whether it starts a statement (which goes on up to a line ending with `;`). */
  private async classify(line: string): Promise<[To, boolean]> {
    if (this.delimiter !== ';') {
      // a trigger's, routine's or event's body: the leader's, line by line, up to `DELIMITER ;`
      const d = DELIMITER.exec(line);
      if (d) this.delimiter = d[1]!;
      this.leaderBusy = true;
      return [To.Leader, false];
    }
    // comments and blank lines change nothing, and do not end a table's rows
    if (line.trim() === '' || line.startsWith('--')) return [this.inRows ? To.Drop : To.Leader, false];
    if (ROWS.test(line)) {
      if (!this.inRows) {
        await this.leaderDone(); // its CREATE TABLE, and all before it, has run
        this.inRows = true;
      }
      this.worker = this.leastBusy();
      this.counts.rows++;
      return [To.Worker, true];
    }
    await this.endRows();
    if (SANDBOX.test(line)) return [To.All, false];
    if (LOCKS.test(line)) {
      this.counts.droppedLocks++;
      return [To.Drop, true];
    }
    if (SESSION.test(line)) {
      // `USE db` on a worker needs the leader's CREATE DATABASE to have run
      await this.leaderDone();
      return [To.All, true];
    }
    const d = DELIMITER.exec(line);
    if (d) this.delimiter = d[1]!;
    this.leaderBusy = true;
    return [To.Leader, !d];
  }

  /** Everything sent to the leader has run. */
  private async leaderDone(): Promise<void> {
    if (!this.leaderBusy) return;
    this.leaderBusy = false;
    await this.leader.sync(false);
    this.counts.syncs++;
  }

  /** After a table's rows: every worker has run and committed its share. */
  private async endRows(): Promise<void> {
    if (!this.inRows) return;
    this.inRows = false;
    await Promise.all(this.workers.map((w) => w.sync(true)));
    this.counts.syncs++;
  }

  private leastBusy(): number {
    let best = 0;
    for (let k = 1; k < this.workers.length; k++) if (this.workers[k]!.backlog() < this.workers[best]!.backlog()) best = k;
    return best;
  }

  private async send(to: To, b: Buffer): Promise<void> {
    if (!b.length || to === To.Drop) return;
    if (to === To.Leader) return this.leader.write(b);
    if (to === To.Worker) return this.workers[this.worker]!.write(b);
    await Promise.all([this.leader, ...this.workers].map((s) => s.write(b)));
  }
}
