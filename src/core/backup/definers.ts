// DEFINER clauses of a mariadb-dump stream rewritten to the loading user, as the dump passes (no buffering
// beyond one line's head). A view, trigger, routine or event created by another account (root, a former
// admin) makes a load as the app's user fail with "Access denied; you need (at least one of) the SUPER
// privilege(s)"; `DEFINER=CURRENT_USER` makes the loader its definer instead. Only the header lines
// mariadb-dump writes for those objects are touched (they start a line; rows never do: INSERT lines start
// with `INSERT`, their tuples with `(`, and a raw newline never appears inside a dumped string).
import { Transform, type TransformCallback } from 'node:stream';

/** How far into a line the DEFINER clause can be (`/*!50106 CREATE*\/ /*!50117 DEFINER=`user`@`host`*\/`). */
const HEAD_MAX = 1024;
const SLASH = 0x2f;
const C = 0x43;
const NL = 0x0a;

// the line's head up to DEFINER=, then the account: `user`@`host` or 'user'@'host' (quotes doubled or
// backslash-escaped inside), or a bare role `role`
const ID = String.raw`(?:\x60(?:[^\x60]|\x60\x60)*\x60|'(?:[^'\\]|''|\\.)*')`;
const DEFINER = new RegExp(String.raw`^((?:/\*!\d{5} )?(?:CREATE\*/ /\*!\d{5} |CREATE (?:(?:OR REPLACE|ALGORITHM=\w+|SQL SECURITY \w+) )*)?)DEFINER=(${ID}(?:@${ID})?|CURRENT_USER(?:\(\))?)`);

export class DefinerRewrite extends Transform {
  /** Accounts replaced (as written in the dump) and how many objects each defined. */
  readonly replaced = new Map<string, number>();
  private head: Buffer[] = [];
  private headLen = 0;
  /** In the rest of a line already decided. */
  private passing = false;

  constructor(private readonly keep: (account: string) => boolean = () => false) {
    super();
  }

  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.passing) {
        const nl = chunk.indexOf(NL, i);
        if (nl < 0) {
          this.push(i === 0 ? chunk : chunk.subarray(i));
          break;
        }
        this.push(chunk.subarray(i, nl + 1));
        i = nl + 1;
        this.passing = false;
        continue;
      }
      // a line starts: only `/*!…` and `CREATE …` lines can carry a DEFINER; every other line passes at once
      if (this.headLen === 0 && chunk[i] !== SLASH && chunk[i] !== C) {
        this.passing = true;
        continue;
      }
      const nl = chunk.indexOf(NL, i);
      const end = nl < 0 ? n : Math.min(nl + 1, i + (HEAD_MAX - this.headLen));
      this.head.push(chunk.subarray(i, end));
      this.headLen += end - i;
      i = end;
      const complete = chunk[end - 1] === NL;
      if (complete || this.headLen >= HEAD_MAX) {
        this.push(this.rewrite(Buffer.concat(this.head)));
        this.head = [];
        this.headLen = 0;
        this.passing = !complete;
      }
    }
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (this.headLen) this.push(this.rewrite(Buffer.concat(this.head)));
    cb();
  }

  private rewrite(line: Buffer): Buffer {
    // latin1 maps bytes 1:1, so the rest of the line goes back unchanged whatever its encoding
    const s = line.toString('latin1');
    const m = DEFINER.exec(s);
    if (!m || /^CURRENT_USER/.test(m[2]!) || this.keep(m[2]!)) return line;
    const account = Buffer.from(m[2]!, 'latin1').toString('utf8');
    this.replaced.set(account, (this.replaced.get(account) ?? 0) + 1);
    return Buffer.concat([Buffer.from(m[1]! + 'DEFINER=CURRENT_USER', 'latin1'), line.subarray(m[0].length)]);
  }

  /** `` `root`@`%` (2 objects)`` for the result. */
  describe(): string {
    return [...this.replaced].map(([a, k]) => `${a} (${k} object${k === 1 ? '' : 's'})`).join(', ');
  }
}

/** Is a dumped account (`user`@`host`, 'user'@'host') the given user, whatever the host? */
export function accountIsUser(account: string, user: string): boolean {
  const m = /^(?:`((?:[^`]|``)*)`|'((?:[^'\\]|''|\\.)*)')/.exec(account);
  if (!m) return false;
  const name = m[1] !== undefined ? m[1].replace(/``/g, '`') : m[2]!.replace(/''/g, "'").replace(/\\(.)/g, '$1');
  return name === user;
}
