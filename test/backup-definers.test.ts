// DEFINER clauses rewritten in a mariadb-dump stream (a real dump of MariaDB 10.11 with a view, a trigger,
// a function, a procedure and an event of root, and a row whose text looks like a DEFINER clause): every
// object header becomes DEFINER=CURRENT_USER, rows pass byte for byte, whatever the chunk boundaries.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { accountIsUser, DefinerRewrite } from '../src/core/backup/definers.js';

const dump = fs.readFileSync(new URL('./fixtures/dumps/mariadb-definers.sql', import.meta.url));

async function run(input: Buffer, chunk: number, keep?: (a: string) => boolean): Promise<{ out: string; rw: DefinerRewrite }> {
  const rw = new DefinerRewrite(keep);
  const parts: Buffer[] = [];
  for (let i = 0; i < input.length; i += chunk) parts.push(input.subarray(i, i + chunk));
  const outs: Buffer[] = [];
  for await (const c of Readable.from(parts).pipe(rw)) outs.push(c as Buffer);
  return { out: Buffer.concat(outs).toString('utf8'), rw };
}

describe('DefinerRewrite', () => {
  it('rewrites the DEFINER of every view, trigger, routine and event header, and nothing in the rows', async () => {
    const { out, rw } = await run(dump, 64 * 1024);
    expect(out).toContain('/*!50003 CREATE*/ /*!50017 DEFINER=CURRENT_USER*/ /*!50003 TRIGGER tr BEFORE INSERT');
    expect(out).toContain('/*!50106 CREATE*/ /*!50117 DEFINER=CURRENT_USER*/ /*!50106 EVENT `e`');
    expect(out).toContain('CREATE DEFINER=CURRENT_USER FUNCTION `f`()');
    expect(out).toContain('CREATE DEFINER=CURRENT_USER PROCEDURE `p`()');
    expect(out).toContain('/*!50013 DEFINER=CURRENT_USER SQL SECURITY DEFINER */');
    // the row that reads like a clause is data: unchanged
    expect(out).toContain("(1,'CREATE DEFINER=`root`@`%` x\\nDEFINER'),");
    expect(out.match(/DEFINER=`root`/g)).toHaveLength(1);
    expect(rw.describe()).toBe('`root`@`localhost` (1 object), `root`@`%` (4 objects)');
    // apart from the clauses, the stream is the same bytes
    const a = dump.toString('utf8').split('\n');
    const b = out.split('\n');
    expect(b).toHaveLength(a.length);
    const changed = a.map((l, k) => [l, b[k]!] as const).filter(([x, y]) => x !== y);
    expect(changed).toHaveLength(5);
    for (const [x, y] of changed) expect(y).toBe(x.replace(/DEFINER=`root`@`(%|localhost)`/, 'DEFINER=CURRENT_USER'));
  });

  it('gives the same output whatever the chunk boundaries (1, 7, 1000 bytes)', async () => {
    const ref = (await run(dump, 1 << 20)).out;
    for (const size of [1, 7, 1000]) expect((await run(dump, size)).out).toBe(ref);
  });

  it("keeps the app's own account and CURRENT_USER as they are", async () => {
    const input = Buffer.from("CREATE DEFINER=`app`@`%` PROCEDURE `p`()\n/*!50013 DEFINER=CURRENT_USER SQL SECURITY DEFINER */\nCREATE DEFINER='ro''ot'@'%' FUNCTION g()\n");
    const { out, rw } = await run(input, 5, (a) => accountIsUser(a, 'app'));
    expect(out).toBe("CREATE DEFINER=`app`@`%` PROCEDURE `p`()\n/*!50013 DEFINER=CURRENT_USER SQL SECURITY DEFINER */\nCREATE DEFINER=CURRENT_USER FUNCTION g()\n");
    expect([...rw.replaced.keys()]).toEqual(["'ro''ot'@'%'"]);
  });

  it('passes a line longer than its look-ahead unchanged, and a last line without a newline', async () => {
    const long = `/*${'x'.repeat(5000)} DEFINER=\`root\`@\`%\` */\nCREATE DEFINER=\`root\`@\`%\` VIEW`;
    const { out } = await run(Buffer.from(long), 300);
    expect(out).toBe(`/*${'x'.repeat(5000)} DEFINER=\`root\`@\`%\` */\nCREATE DEFINER=CURRENT_USER VIEW`);
  });
});
