// The split of a mariadb-dump stream over a leader and worker connections (src/core/backup/sql-router.ts):
// every row statement whole on one worker, everything else on the leader in the dump's order, session
// statements on all, lock lines left out, and the waits that keep the order (the leader before a table's rows,
// the workers' commits after them). Fed whole and in pieces cut anywhere. The load itself, through a real
// MariaDB, is checked in test/docker-parallel-load.test.ts.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { SqlDumpRouter, type LoadSink } from '../src/core/backup/sql-router.js';

const DUMP = `/*M!999999\\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;

/*!40000 DROP DATABASE IF EXISTS \`app\`*/;
CREATE DATABASE /*!32312 IF NOT EXISTS*/ \`app\` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;
USE \`app\`;

--
-- Table structure for table \`items\`
--

DROP TABLE IF EXISTS \`items\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
CREATE TABLE \`items\` (
  \`id\` int(11) NOT NULL,
  \`name\` varchar(100) DEFAULT ';',
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES \`items\` WRITE;
/*!40000 ALTER TABLE \`items\` DISABLE KEYS */;
set autocommit=0;
INSERT INTO \`items\` VALUES
(1,'a;'),
(2,'INSERT INTO \`x\` VALUES (1);');
INSERT INTO \`items\` VALUES (3,'c\\';\\nSET x=1;'),(4,'d');
INSERT INTO \`items\` VALUES
(5,'e');
commit;
/*!40000 ALTER TABLE \`items\` ENABLE KEYS */;
UNLOCK TABLES;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=\`root\`@\`%\`*/ /*!50003 TRIGGER items_audit AFTER INSERT ON items FOR EACH ROW
INSERT INTO \`audit\` (what) VALUES (NEW.name);
SET @x = 1;
END */;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;

LOCK TABLES \`tags\` WRITE;
INSERT INTO \`tags\` VALUES (1,'odd'),(2,'even');
REPLACE INTO \`tags\` VALUES (3,'odd');
UNLOCK TABLES;
/*!50001 CREATE VIEW \`cheap\` AS select 1 AS \`x\` */;
-- Dump completed on 2026-12-04 10:02:41
`;

type Event = { who: string; what: 'write' | 'sync' | 'commit-sync'; text?: string };

function sinks(): { leader: LoadSink; workers: LoadSink[]; out: Record<string, string>; events: Event[] } {
  const out: Record<string, string> = { leader: '', w0: '', w1: '' };
  // one log of what each connection was sent and waited for, in the order it happened
  const events: Event[] = [];
  const sink = (who: string): LoadSink => ({
    write: async (b) => {
      out[who] += b.toString('utf8');
      events.push({ who, what: 'write', text: b.toString('utf8') });
    },
    sync: async (commit) => void events.push({ who, what: commit ? 'commit-sync' : 'sync' }),
    // the worker that has more is the busier: statements alternate by what each holds
    backlog: () => out[who]!.length,
  });
  return { leader: sink('leader'), workers: [sink('w0'), sink('w1')], out, events };
}

async function route(pieces: Buffer[]) {
  const s = sinks();
  const router = new SqlDumpRouter(s.leader, s.workers);
  await pipeline(Readable.from(pieces), router);
  return { ...s, counts: router.counts };
}

function cut(text: string, seed: number, max: number): Buffer[] {
  const b = Buffer.from(text);
  const parts: Buffer[] = [];
  let x = seed;
  for (let i = 0; i < b.length; ) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const n = 1 + (x % max);
    parts.push(b.subarray(i, i + n));
    i += n;
  }
  return parts;
}

const lines = (s: string) => s.split('\n');
// a trigger's body (between DELIMITER lines) is the leader's alone, its SET too
const SESSION_LINES = lines(DUMP.replace(/^DELIMITER ;;\n[^]*?^DELIMITER ;\n/m, '')).filter((l) => /^(\/\*!\d{5} )?(SET|set|USE) /.test(l) || l.startsWith('/*M!999999'));

describe('a mariadb-dump split over several connections', () => {
  it('sends each row statement whole to one worker, the rest to the leader in order, session lines to all', async () => {
    const { out, counts } = await route([Buffer.from(DUMP)]);
    const rows = [...`${out.w0}${out.w1}`.matchAll(/^(?:INSERT|REPLACE) INTO `(\w+)` VALUES[^]*?;$/gm)].map((m) => m[0]);
    expect(rows.sort()).toEqual(
      [
        "INSERT INTO `items` VALUES\n(1,'a;'),\n(2,'INSERT INTO `x` VALUES (1);');",
        "INSERT INTO `items` VALUES (3,'c\\';\\nSET x=1;'),(4,'d');",
        "INSERT INTO `items` VALUES\n(5,'e');",
        "INSERT INTO `tags` VALUES (1,'odd'),(2,'even');",
        "REPLACE INTO `tags` VALUES (3,'odd');",
      ].sort(),
    );
    expect(counts.rows).toBe(5);
    // both workers loaded rows
    expect(out.w0).toMatch(/INSERT INTO/);
    expect(out.w1).toMatch(/INSERT INTO/);
    // the leader has everything but the rows and the lock lines, in the dump's order (the trigger's body whole)
    const leaderExpected = DUMP.replace(/^(?:INSERT|REPLACE) INTO `(?:items|tags)` VALUES[^]*?;\n/gm, '')
      .replace(/^(?:LOCK TABLES .*|UNLOCK TABLES;)\n/gm, '');
    expect(out.leader).toBe(leaderExpected);
    expect(out.leader).toMatch(/FOR EACH ROW\nINSERT INTO `audit` \(what\) VALUES \(NEW.name\);\nSET @x = 1;\nEND \*\/;;/);
    expect(counts.droppedLocks).toBe(4);
    // every worker sees the session lines, in order, and nothing else but its rows
    for (const w of [out.w0!, out.w1!]) {
      const rest = w.replace(/^(?:INSERT|REPLACE) INTO[^]*?;\n/gm, '');
      expect(lines(rest).filter(Boolean)).toEqual(SESSION_LINES);
    }
  });

  it('waits for the leader before a table\'s rows and for every worker\'s commit after them', async () => {
    const { events } = await route([Buffer.from(DUMP)]);
    const first = (re: RegExp, from = 0) => events.findIndex((e, k) => k >= from && e.what === 'write' && re.test(e.text!));
    const syncOf = (who: string, what: Event['what'], from: number, to: number) => events.slice(from, to).some((e) => e.who === who && e.what === what);
    // before the workers' `USE app`, the leader was waited for after its CREATE DATABASE
    const created = first(/^CREATE DATABASE/);
    const use = events.findIndex((e) => e.who === 'w0' && e.text?.startsWith('USE '));
    expect(created).toBeGreaterThanOrEqual(0);
    expect(syncOf('leader', 'sync', created, use)).toBe(true);
    // before a table's first rows, the leader was waited for after its CREATE TABLE and DISABLE KEYS
    const disable = first(/DISABLE KEYS/);
    const rows = events.findIndex((e) => e.who !== 'leader' && e.text?.startsWith('INSERT INTO `items`'));
    expect(disable).toBeLessThan(rows);
    expect(syncOf('leader', 'sync', disable, rows)).toBe(true);
    // after the rows: both workers committed before the leader's next statement (`commit;`, ENABLE KEYS)
    const lastRows = events.findIndex((e) => e.who !== 'leader' && !!e.text?.includes("(5,'e');"));
    const next = events.findIndex((e, k) => k > lastRows && e.who === 'leader' && e.what === 'write');
    expect(events[next]!.text).toMatch(/^commit;/);
    expect(syncOf('w0', 'commit-sync', lastRows, next) && syncOf('w1', 'commit-sync', lastRows, next)).toBe(true);
    // and the second table's rows wait for the trigger before them
    const trigger = first(/^DELIMITER ;;/);
    const tags = events.findIndex((e) => e.who !== 'leader' && e.text?.startsWith('INSERT INTO `tags`'));
    expect(syncOf('leader', 'sync', trigger, tags)).toBe(true);
  });

  it('routes the same whatever the pieces the stream comes in', async () => {
    const whole = await route([Buffer.from(DUMP)]);
    for (const [seed, max] of [
      [1, 1],
      [7, 3],
      [42, 17],
      [99, 64],
      [5, 400],
    ] as const) {
      const r = await route(cut(DUMP, seed, max));
      expect(r.out.leader).toBe(whole.out.leader);
      expect(`${r.out.w0}${r.out.w1}`.length).toBe(`${whole.out.w0}${whole.out.w1}`.length);
      expect(r.counts).toEqual(whole.counts);
    }
  });

  it('a dump without a newline at its end, and one with no rows at all', async () => {
    const tail = await route([Buffer.from('USE `app`;\nINSERT INTO `t` VALUES (1);')]);
    expect(tail.counts.rows).toBe(1);
    expect(`${tail.out.w0}${tail.out.w1}`).toContain('INSERT INTO `t` VALUES (1);');
    const none = await route([Buffer.from('CREATE TABLE `t` (x int);\n/*!40101 SET NAMES utf8mb4 */;\n')]);
    expect(none.counts.rows).toBe(0);
    expect(none.out.leader).toBe('CREATE TABLE `t` (x int);\n/*!40101 SET NAMES utf8mb4 */;\n');
    expect(none.out.w0).toBe('/*!40101 SET NAMES utf8mb4 */;\n');
  });

  it('stops when a connection fails (a wait or a write that rejects)', async () => {
    const s = sinks();
    const failing: LoadSink = { ...s.workers[1]!, write: async () => Promise.reject(new Error('mariadb ended')) };
    const router = new SqlDumpRouter(s.leader, [failing, failing]);
    await expect(pipeline(Readable.from([Buffer.from(DUMP)]), router)).rejects.toThrow(/mariadb ended/);
  });
});
