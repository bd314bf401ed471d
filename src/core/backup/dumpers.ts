// What runs inside a database container to dump, count, restore and probe it: pure argv + environment
// builders, one per database type. The tools in the container are used, so their version matches the
// server. Credentials go through the environment (MYSQL_PWD, PGPASSWORD) or stdin (MongoDB's tools read
// no password variable: `--config=/dev/stdin`), never on a command line.
import { SummonerError } from '../../errors.js';
import type { DbType } from '../types.js';

export interface DbTarget {
  app: string;
  type: DbType;
  /** Container name. */
  container: string;
  /** The compose service of a database beyond the minion's first (its dumps are named and recorded by it). */
  service?: string;
  database: string;
  user: string;
  /** Never logged, never in argv. */
  password: string;
}

export interface ToolCall {
  argv: string[];
  env: string[];
  /** Text fed on stdin before anything else (MongoDB's config with the password). */
  stdinText?: string;
}

export interface Dumper {
  type: DbType;
  /** File kind before the compression suffix: `sql`, `pgdump`, `archive`. */
  ext: string;
  tool: string;
  dump(t: DbTarget): ToolCall;
  toolVersion(t: DbTarget): ToolCall;
  /** One query printing the server version on stdout. */
  serverVersion(t: DbTarget): ToolCall;
  /** Lists the user tables (one per line). */
  listTables(t: DbTarget): ToolCall;
  /** One query printing `table<TAB>rows` per table. */
  countRows(t: DbTarget, tables: string[]): ToolCall;
  /** Loads a dump given on stdin. */
  restore(t: DbTarget): ToolCall;
  /** Exit 0 when the server takes connections with these credentials. */
  ready(t: DbTarget): ToolCall;
  /** Did the raw dump end as the tool ends a complete one? (undefined: checked another way) */
  completed?(tail: string): boolean;
  /** Lines of stderr that mean the dump is not to be trusted even with exit code 0. */
  fatal(stderr: string): string | undefined;
  /** Environment for a throw-away server of this type (verify). */
  serverEnv(t: DbTarget, rootPassword: string): string[];
  /** How the dump's fingerprint is taken: from the dump stream (SQL text), in the dump's snapshot (PostgreSQL), or row counts only. */
  fingerprint: 'dump-stream' | 'snapshot' | 'counts';
  /** Columns whose values the logical dump does not keep exactly: `table.column<TAB>type` lines. */
  lossyColumns?(t: DbTarget): ToolCall;
}

const firstFatal = (stderr: string, re: RegExp): string | undefined =>
  stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => re.test(l) && !/^warning\b|\[warning\]/i.test(l));

const mysqlId = (s: string) => '`' + s.replace(/`/g, '``') + '`';
const mysqlStr = (s: string) => "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
const pgId = (s: string) => '"' + s.replace(/"/g, '""') + '"';
const pgStr = (s: string) => "'" + s.replace(/'/g, "''") + "'";

function mariadbLike(type: 'mariadb' | 'mysql'): Dumper {
  const dumpTool = type === 'mariadb' ? 'mariadb-dump' : 'mysqldump';
  const client = type === 'mariadb' ? 'mariadb' : 'mysql';
  const conn = (t: DbTarget) => ['-h', '127.0.0.1', '-P', '3306', '-u', t.user];
  const env = (t: DbTarget) => [`MYSQL_PWD=${t.password}`];
  const query = (t: DbTarget, sql: string): ToolCall => ({ argv: [client, ...conn(t), '-N', '-B', '-e', sql], env: env(t) });
  return {
    type,
    ext: 'sql',
    tool: dumpTool,
    dump: (t) => ({
      argv: [
        dumpTool,
        ...conn(t),
        '--single-transaction', // a consistent snapshot of InnoDB tables without locking them
        '--routines',
        '--triggers',
        '--events',
        '--no-tablespaces', // needs PROCESS, which an app's user does not have
        '--hex-blob',
        '--default-character-set=utf8mb4', // never the client's narrower default: 4-byte characters survive
        '--add-drop-database', // a restore gives exactly the dumped database, not a merge
        '--databases',
        t.database,
      ],
      env: env(t),
    }),
    toolVersion: () => ({ argv: [dumpTool, '--version'], env: [] }),
    serverVersion: (t) => query(t, 'SELECT VERSION()'),
    listTables: (t) => query(t, `SELECT table_name FROM information_schema.tables WHERE table_schema = ${mysqlStr(t.database)} AND table_type = 'BASE TABLE' ORDER BY table_name`),
    countRows: (t, tables) =>
      query(t, tables.length ? tables.map((n) => `SELECT ${mysqlStr(n)}, COUNT(*) FROM ${mysqlId(t.database)}.${mysqlId(n)}`).join(' UNION ALL ') : 'SELECT 1 FROM DUAL WHERE FALSE'),
    restore: (t) => ({ argv: [client, ...conn(t), '--binary-mode', '--default-character-set=utf8mb4'], env: env(t) }),
    ready: (t) => query(t, 'SELECT 1'),
    completed: (tail) => /-- Dump completed( on [^\n]*)?\s*$/.test(tail),
    fatal: (stderr) => firstFatal(stderr, /error|denied|got errno|couldn't|can't|lost connection|fatal/i),
    serverEnv: (t, root) =>
      type === 'mariadb'
        ? [`MARIADB_ROOT_PASSWORD=${root}`, `MARIADB_DATABASE=${t.database}`, `MARIADB_USER=${t.user}`, `MARIADB_PASSWORD=${t.password}`]
        : [`MYSQL_ROOT_PASSWORD=${root}`, `MYSQL_DATABASE=${t.database}`, `MYSQL_USER=${t.user}`, `MYSQL_PASSWORD=${t.password}`],
    fingerprint: 'dump-stream',
    // mariadb-dump prints FLOAT with 6 significant digits (DOUBLE and DECIMAL are exact)
    lossyColumns: (t) =>
      query(t, `SELECT CONCAT(table_name, '.', column_name), column_type FROM information_schema.columns WHERE table_schema = ${mysqlStr(t.database)} AND data_type = 'float' ORDER BY table_name, ordinal_position`),
  };
}

const postgres: Dumper = {
  type: 'postgres',
  ext: 'pgdump',
  tool: 'pg_dump',
  // --compress=0: the archive is compressed once, by Summoner (zstd), not twice
  dump: (t) => ({ argv: ['pg_dump', '-h', '127.0.0.1', '-p', '5432', '-U', t.user, '-d', t.database, '--format=custom', '--compress=0', '--no-password'], env: [`PGPASSWORD=${t.password}`] }),
  toolVersion: () => ({ argv: ['pg_dump', '--version'], env: [] }),
  serverVersion: (t) => pgQuery(t, 'SHOW server_version'),
  listTables: (t) => pgQuery(t, PG_TABLES_SQL),
  countRows: (t, tables) =>
    pgQuery(
      t,
      tables.length
        ? tables
            .map((n) => {
              const [s, ...rest] = n.split('.');
              return `SELECT ${pgStr(n)}, COUNT(*) FROM ${pgId(s!)}.${pgId(rest.join('.'))}`;
            })
            .join(' UNION ALL ')
        : 'SELECT 1 WHERE FALSE',
    ),
  restore: (t) => ({
    // one transaction: a load that fails part-way leaves nothing half done, and (the fresh server runs with
    // wal_level=minimal, fastLoadFlags) tables created in it are filled without writing their rows to the WAL
    argv: ['pg_restore', '-h', '127.0.0.1', '-p', '5432', '-U', t.user, '-d', t.database, '--clean', '--if-exists', '--no-owner', '--exit-on-error', '--single-transaction', '--no-password'],
    // loads go into a fresh server beside the live one (restore, verify), shut down cleanly before any swap:
    // commits need not wait for the disk, and index builds get more memory (both session settings, any user)
    env: [`PGPASSWORD=${t.password}`, 'PGOPTIONS=-c synchronous_commit=off -c maintenance_work_mem=256MB'],
  }),
  ready: (t) => pgQuery(t, 'SELECT 1'),
  // custom format has no text marker: pg_restore reads the whole archive back instead (dump.ts)
  fatal: (stderr) => firstFatal(stderr, /error|fatal|denied|could not|aborting/i),
  serverEnv: (t) => [`POSTGRES_USER=${t.user}`, `POSTGRES_PASSWORD=${t.password}`, `POSTGRES_DB=${t.database}`],
  fingerprint: 'snapshot',
};

/**
 * Row count and an order-free checksum per table (`table<TAB>rows<TAB>sum`): the sum of a 64-bit hash of
 * each row. Run in the dump's snapshot at dump time, and on the restored database by a restore's check and
 * verify. Tables in `byRecord` hash each row's binary values (`hash_record_extended`, PostgreSQL 14+), about
 * twice as fast as the row's text; their sums are written `r:<sum>`, so that a manifest says which way each
 * table was taken and the restored one is taken the same way. The others (and every table of a manifest
 * from before) hash the row's text.
 */
export function pgFingerprintSql(tables: string[], byRecord: ReadonlySet<string> = new Set()): string {
  if (!tables.length) return 'SELECT 1 WHERE FALSE;';
  return (
    tables
      .map((n) => {
        const [s, ...rest] = n.split('.');
        // SUM of bigint adds in 128 bits (the same exact number as a numeric sum, written the same), about 14 % less CPU than numeric additions
        const sum = byRecord.has(n) ? `'r:' || COALESCE(SUM(hash_record_extended(t, 0)), 0)` : `COALESCE(SUM(hashtextextended(t::text, 0)), 0)::text`;
        return `SELECT ${pgStr(n)}, COUNT(*), ${sum} FROM ${pgId(s!)}.${pgId(rest.join('.'))} AS t`;
      })
      .join(' UNION ALL ') + ';'
  );
}

/**
 * Base types whose hash is exact (equal hash only for the same value as dumped and restored): not numeric
 * (1.0 and 1.00 hash alike), interval ('1 day' and '24 hours'), jsonb (numbers inside), enums (their hash is
 * the label's OID, which a restore renumbers), and no type without a binary hash (json, xml, point …).
 */
const EXACT_HASH_TYPES = ['bool', 'bytea', 'char', 'name', 'int8', 'int2', 'int4', 'text', 'oid', 'float4', 'float8', 'bpchar', 'varchar', 'date', 'time', 'timestamp', 'timestamptz', 'uuid'];

/**
 * The tables whose every column is of an exact-hash type (a domain counts as its base type), in a
 * deterministic collation: their rows are fingerprinted by binary hash (pgFingerprintSql). Asked only of
 * PostgreSQL 14 and later (`hash_record_extended`; `collisdeterministic` is 12+).
 */
export const PG_RECORD_HASHED_SQL = `SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND NOT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid LEFT JOIN pg_type base ON base.oid = CASE WHEN ty.typtype = 'd' THEN ty.typbasetype ELSE ty.oid END LEFT JOIN pg_collation co ON co.oid = a.attcollation WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND (base.typnamespace IS DISTINCT FROM 'pg_catalog'::regnamespace OR base.typname <> ALL (ARRAY[${EXACT_HASH_TYPES.map(pgStr).join(', ')}]::name[]) OR (co.oid IS NOT NULL AND NOT co.collisdeterministic))) ORDER BY 1;`;

/** The server's version as a number (150004), to ask PG_RECORD_HASHED_SQL only where it applies. */
export const PG_VERSION_NUM_SQL = 'SHOW server_version_num;';
export const RECORD_HASH_MIN_VERSION = 140000;

export const PG_TABLES_SQL = "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1;";

export function pgFingerprint(t: DbTarget, tables: string[]): ToolCall {
  return pgQuery(t, pgFingerprintSql(tables));
}

function pgQuery(t: DbTarget, sql: string): ToolCall {
  return { argv: ['psql', '-h', '127.0.0.1', '-p', '5432', '-U', t.user, '-d', t.database, '--no-password', '-X', '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-c', sql], env: [`PGPASSWORD=${t.password}`] };
}

/**
 * pg_restore over stdin. `toc`: `--list` reads the archive's header and table of contents (at the start of
 * an archive written to a pipe) and stops. `full`: the whole archive is turned into a script thrown away, so
 * every data block is read and a cut archive fails.
 */
export function pgList(mode: 'toc' | 'full' = 'toc'): ToolCall {
  return { argv: mode === 'toc' ? ['pg_restore', '--list'] : ['pg_restore', '--file=/dev/null'], env: [] };
}

/**
 * MongoDB (not tested against a server: MongoDB is not packaged in Debian). The password goes in a YAML
 * config read from stdin (the tools read no password variable); the archive on stdout/stdin.
 */
const mongo: Dumper = {
  type: 'mongo',
  ext: 'archive',
  tool: 'mongodump',
  dump: (t) => ({
    argv: ['mongodump', '--archive', '--host=127.0.0.1', '--port=27017', `--username=${t.user}`, '--authenticationDatabase=admin', `--db=${t.database}`, '--config=/dev/stdin'],
    env: [],
    stdinText: mongoConfig(t),
  }),
  toolVersion: () => ({ argv: ['mongodump', '--version'], env: [] }),
  serverVersion: (t) => mongoEval(t, 'db.version()'),
  listTables: (t) => mongoEval(t, `db.getSiblingDB(${JSON.stringify(t.database)}).getCollectionNames().forEach(c => print(c))`),
  countRows: (t, tables) =>
    mongoEval(t, `const d = db.getSiblingDB(${JSON.stringify(t.database)}); ${JSON.stringify(tables)}.forEach(c => print(c + "\\t" + d.getCollection(c).countDocuments({})))`),
  // the archive is on stdin, so the password comes from a config file written just before (see restore.ts)
  restore: (t) => ({
    argv: ['mongorestore', '--archive', '--drop', '--host=127.0.0.1', '--port=27017', `--username=${t.user}`, '--authenticationDatabase=admin', `--nsInclude=${t.database}.*`, `--config=${MONGO_CONFIG_PATH}`],
    env: [],
  }),
  ready: (t) => mongoEval(t, 'db.runCommand({ ping: 1 }).ok'),
  completed: undefined,
  fatal: (stderr) => firstFatal(stderr, /Failed:|error|unauthorized|authentication failed/i),
  serverEnv: (t, root) => [`MONGO_INITDB_ROOT_USERNAME=${t.user}`, `MONGO_INITDB_ROOT_PASSWORD=${root}`, `MONGO_INITDB_DATABASE=${t.database}`],
  fingerprint: 'counts',
};

/** Where mongorestore's config (with the password) is written, 0600, inside the container, and removed after. */
export const MONGO_CONFIG_PATH = '/tmp/.summoner-mongo.yml';

export function mongoConfig(t: DbTarget): string {
  return `password: ${JSON.stringify(t.password)}\n`;
}

function mongoEval(t: DbTarget, js: string): ToolCall {
  // mongosh takes the password from the connection string only; it is passed through stdin as a script
  return {
    argv: ['mongosh', '--quiet', '--host', '127.0.0.1', '--port', '27017', '--nodb', '--file', '/dev/stdin'],
    env: [],
    stdinText: `db = connect(${JSON.stringify(`mongodb://${encodeURIComponent(t.user)}:${encodeURIComponent(t.password)}@127.0.0.1:27017/admin`)}); ${js};\n`,
  };
}

const DUMPERS: Record<DbType, Dumper> = { mariadb: mariadbLike('mariadb'), mysql: mariadbLike('mysql'), postgres, mongo };

export function dumperFor(type: DbType): Dumper {
  const d = DUMPERS[type];
  if (!d) throw new SummonerError('backup.unsupported', `no dumper for database type ${String(type)}`);
  return d;
}

/** `table<TAB>count` lines → a map (ignores lines it cannot read). */
export function parseCounts(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of stdout.split('\n')) {
    const i = line.lastIndexOf('\t');
    if (i <= 0) continue;
    const n = Number(line.slice(i + 1).trim());
    if (Number.isFinite(n)) out[line.slice(0, i)] = n;
  }
  return out;
}

/** The user/database/password a database container was created with, from its environment. */
export function credentialsFromEnv(type: DbType, env: Record<string, string>): { database?: string; user?: string; password?: string; rootPassword?: string } {
  switch (type) {
    case 'mariadb':
    case 'mysql': {
      const v = (k: string) => env[`MARIADB_${k}`] ?? env[`MYSQL_${k}`];
      const user = v('USER');
      const rootPassword = v('ROOT_PASSWORD');
      return {
        ...(v('DATABASE') ? { database: v('DATABASE') } : {}),
        ...(user ? { user, ...(v('PASSWORD') ? { password: v('PASSWORD') } : {}) } : rootPassword ? { user: 'root', password: rootPassword } : {}),
        ...(rootPassword ? { rootPassword } : {}),
      };
    }
    case 'postgres': {
      const user = env.POSTGRES_USER ?? 'postgres';
      return { user, database: env.POSTGRES_DB ?? user, ...(env.POSTGRES_PASSWORD ? { password: env.POSTGRES_PASSWORD } : {}) };
    }
    case 'mongo':
      return {
        ...(env.MONGO_INITDB_ROOT_USERNAME ? { user: env.MONGO_INITDB_ROOT_USERNAME } : {}),
        ...(env.MONGO_INITDB_ROOT_PASSWORD ? { password: env.MONGO_INITDB_ROOT_PASSWORD } : {}),
        database: env.MONGO_INITDB_DATABASE ?? 'test',
      };
  }
}
