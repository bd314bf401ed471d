// What a dump holds, per table: its row count and an order-free checksum of its rows, taken in the dump's
// own snapshot so that a busy app verifies. MariaDB/MySQL: read from the dump stream itself as it passes
// (`INSERT INTO `t` VALUES (…),(…);` statements, on one line or a tuple per line), so it is exactly what the file holds; verify reads a re-dump of
// the restored database the same way. PostgreSQL: a query in the session whose exported snapshot pg_dump
// uses (see dump.ts), and the same query on the restored database.
import { Transform, type TransformCallback } from 'node:stream';

export interface TableFingerprint {
  rows: number;
  /** Order-free checksum of the rows (hex). */
  sum: string;
}
export type Fingerprint = Record<string, TableFingerprint>;

const enum Mode {
  LineStart,
  Skip,
  Values,
}

const INSERT = Buffer.from('INSERT INTO `');
const CREATE = Buffer.from('CREATE TABLE `');
const HEAD_MAX = 600;
// FNV-1a's offset basis and prime, as int32 (the same bits): the hash stays in int32 arithmetic
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Where `byte` is next from `from`, or the chunk's length. */
function next(buf: Buffer, byte: number, from: number): number {
  const at = buf.indexOf(byte, from);
  return at < 0 ? buf.length : at;
}

/**
 * Passes a mariadb-dump stream on unchanged and fingerprints every table in it: tables from their
 * `CREATE TABLE` lines, rows from the tuples of their `INSERT` lines. Each tuple's bytes are hashed
 * (FNV-1a, plus the running sum of its states: 64 bits together) and the hashes summed, so row order
 * does not matter. Not a defence against a forger (the file's sha256 is): a check that the load kept every row.
 */
export class SqlDumpFingerprint extends Transform {
  private readonly tables = new Map<string, { rows: number; a: number; b: number }>();
  private mode = Mode.LineStart;
  private head: number[] = [];
  private cur: { rows: number; a: number; b: number } | undefined;
  private inTuple = false;
  private inStr = false;
  private esc = false;
  private h1 = 0;
  private h2 = 0;

  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.scan(chunk);
    cb(null, chunk);
  }

  private scan(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (this.mode === Mode.Skip) {
        const nl = buf.indexOf(10, i);
        if (nl < 0) return;
        i = nl + 1;
        this.mode = Mode.LineStart;
        this.head = [];
        continue;
      }
      if (this.mode === Mode.LineStart) {
        const c = buf[i++]!;
        if (c === 10) {
          this.head = [];
          continue;
        }
        this.head.push(c);
        this.lineHead();
        continue;
      }
      i = this.values(buf, i);
    }
  }

  /**
   * The tuples of one INSERT statement, from `i`; returns where it stopped (the chunk's end, or after the
   * statement's `;`). Every byte between a tuple's parentheses is hashed; the runs between the bytes that
   * change the state (a quote, a backslash in a string, a closing parenthesis outside one) are hashed in a
   * tight loop, found by `indexOf` (native), so that the per-byte work is the hash alone.
   */
  private values(buf: Buffer, i: number): number {
    const n = buf.length;
    let h1 = this.h1;
    let h2 = this.h2;
    let inTuple = this.inTuple;
    let inStr = this.inStr;
    let esc = this.esc;
    const cur = this.cur!;
    // the next quote, backslash and closing parenthesis at or after i (n: none in this chunk); -1: to look up
    let nq = -1;
    let nb = -1;
    let np = -1;
    while (i < n) {
      if (!inTuple) {
        const c = buf[i++]!;
        if (c === 40 /* ( */) {
          inTuple = true;
          h1 = FNV_OFFSET;
          h2 = FNV_PRIME;
        } else if (c === 59 /* ; */) {
          // the statement's end (tuples may be one per line, as MariaDB 10.11's dump writes them)
          this.mode = Mode.Skip;
          break;
        }
        continue;
      }
      if (esc) {
        h1 = Math.imul(h1 ^ buf[i++]!, FNV_PRIME);
        h2 = (h2 + h1) | 0;
        esc = false;
        continue;
      }
      if (nq < i) nq = next(buf, 39, i);
      let end: number;
      if (inStr) {
        if (nb < i) nb = next(buf, 92, i);
        end = nq < nb ? nq : nb;
      } else {
        if (np < i) np = next(buf, 41, i);
        end = nq < np ? nq : np;
      }
      for (; i < end; i++) {
        h1 = Math.imul(h1 ^ buf[i]!, FNV_PRIME);
        h2 = (h2 + h1) | 0;
      }
      if (i >= n) break;
      const c = buf[i++]!;
      if (!inStr && c === 41 /* ) */) {
        inTuple = false;
        cur.rows++;
        cur.a = (cur.a + (h1 >>> 0)) % 0x100000000;
        cur.b = (cur.b + (h2 >>> 0)) % 0x100000000;
        continue;
      }
      // a quote, or a backslash in a string: hashed like any byte, then the state changes
      h1 = Math.imul(h1 ^ c, FNV_PRIME);
      h2 = (h2 + h1) | 0;
      if (!inStr) inStr = true;
      else if (c === 92 /* \ */) esc = true;
      else inStr = false;
    }
    this.h1 = h1;
    this.h2 = h2;
    this.inTuple = inTuple;
    this.inStr = inStr;
    this.esc = esc;
    return i;
  }

  /** Decide what a line is once its head says it. */
  private lineHead(): void {
    const h = this.head;
    for (const [prefix, isInsert] of [
      [INSERT, true],
      [CREATE, false],
    ] as const) {
      const m = Math.min(h.length, prefix.length);
      let same = true;
      for (let k = 0; k < m; k++) if (h[k] !== prefix[k]) same = false;
      if (!same) continue;
      if (h.length < prefix.length) return; // not decided yet
      const name = backtickName(h, prefix.length);
      if (name === undefined) {
        if (h.length > HEAD_MAX) this.mode = Mode.Skip;
        return;
      }
      const t = this.tables.get(name.name) ?? { rows: 0, a: 0, b: 0 };
      this.tables.set(name.name, t);
      if (!isInsert) {
        this.mode = Mode.Skip;
        return;
      }
      // after the name: ` VALUES ` then the tuples
      this.cur = t;
      this.inTuple = this.inStr = this.esc = false;
      this.mode = Mode.Values;
      this.head = [];
      return;
    }
    this.mode = Mode.Skip;
  }

  fingerprint(): Fingerprint {
    const out: Fingerprint = {};
    for (const [name, t] of this.tables) out[name] = { rows: t.rows, sum: t.a.toString(16).padStart(8, '0') + t.b.toString(16).padStart(8, '0') };
    return out;
  }
}

/** A `name` (backticks doubled inside) starting at `from`; undefined until its closing backtick is there. */
function backtickName(h: number[], from: number): { name: string; end: number } | undefined {
  const bytes: number[] = [];
  for (let k = from; k < h.length; k++) {
    if (h[k] === 96) {
      if (h[k + 1] === 96) {
        bytes.push(96);
        k++;
        continue;
      }
      if (k + 1 >= h.length) return undefined; // a doubled backtick may follow
      return { name: Buffer.from(bytes).toString('utf8'), end: k };
    }
    bytes.push(h[k]!);
  }
  return undefined;
}

/** Differences between a recorded and a found fingerprint, in words, naming the tables. */
export function compareFingerprints(recorded: Fingerprint, found: Fingerprint): string[] {
  const out: string[] = [];
  for (const [t, r] of Object.entries(recorded)) {
    const f = found[t];
    if (!f) out.push(`table ${t} is missing`);
    else if (f.rows !== r.rows) out.push(`table ${t} has ${f.rows} rows, the dump had ${r.rows}`);
    else if (f.sum !== r.sum) out.push(`table ${t} has the same ${r.rows} rows in number but not in content (checksum ${f.sum}, recorded ${r.sum})`);
  }
  for (const t of Object.keys(found)) if (!(t in recorded)) out.push(`table ${t} was not in the dump`);
  return out;
}

/** `table<TAB>rows<TAB>sum` lines (the PostgreSQL query's output) → a fingerprint. */
export function parseFingerprint(stdout: string): Fingerprint {
  const out: Fingerprint = {};
  for (const line of stdout.split('\n')) {
    const parts = line.split('\t');
    if (parts.length < 3) continue;
    const sum = parts.pop()!.trim();
    const rows = Number(parts.pop());
    if (Number.isFinite(rows)) out[parts.join('\t')] = { rows, sum };
  }
  // by table name: PostgreSQL may return a UNION ALL's parts in any order (seen under load), and a manifest or
  // a log that shows a fingerprint should read the same for the same data
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
