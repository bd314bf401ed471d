// An app's units as the backup module sees them: its database and app containers (by Summoner's labels, or by
// the naming scheme `<dbtype>-<app>-<domain>` for containers deployed before the labels), who to connect to
// the database as, how to mask its secrets, and starting units again behind their health gates.
import { SummonerError } from '../../errors.js';
import { containerEnv, EXTRA_LABEL } from '../engine/index.js';
import { parseHealth, said, type Reporter } from '../reporting.js';
import type { Located } from '../deploy/locate.js';
import type { LiveUnit } from '../deploy/target.js';
import { loadSecrets, redact } from '../secrets.js';
import { DB_TYPES, LABEL, type DbType } from '../types.js';
import { credentialsFromEnv, type DbTarget } from './dumpers.js';
import type { Manifest } from './manifest.js';
import type { DbFound } from './types.js';
import type { BackupContext } from './context.js';

const PASSWORD_KEYS: Record<DbType, string[]> = {
  mariadb: ['MARIADB_PASSWORD', 'MYSQL_PASSWORD', 'MARIADB_ROOT_PASSWORD', 'MYSQL_ROOT_PASSWORD'],
  mysql: ['MYSQL_PASSWORD', 'MARIADB_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'MARIADB_ROOT_PASSWORD'],
  postgres: ['POSTGRES_PASSWORD'],
  mongo: ['MONGO_INITDB_ROOT_PASSWORD'],
};

export type Targets = ReturnType<typeof createTargets>;

/** The least a twin database gets to initialise and answer (see twinStartLimitS). */
export const TWIN_START_FLOOR_S = 180;

export function createTargets(ctx: BackupContext) {
  const { deps, catalog, domain, target, locator } = ctx;

  /** A located database as the backup steps see it: its type, and where its container runs. */
  function dbOf(type: DbType, l: Located, service?: string): DbFound {
    // fail closed: a database whose node's engine is unknown is neither dumped nor restored from here
    if (!l.at) throw l.unreachable ?? new SummonerError('backup.no_database', `cannot reach the container of ${l.unit.name}`);
    return { type, container: l.info.name, running: l.info.state === 'running', image: l.info.imageId, at: l.at, unit: l.unit, ...(service ? { service } : {}) };
  }

  async function containersOf(app: string): Promise<{ db?: Located; app?: Located; dbType?: DbType }> {
    const labelled = await locator.labelled(app);
    const m = catalog.get(app);
    let dbType = m?.database?.type;
    // the first database is `<dbtype>-<app>-<domain>`; a minion's other databases (`<app>-<service>-<domain>`) carry the role db too
    const others = new Set((m?.services ?? []).filter((s) => s.role === 'database' && s.service !== m?.database?.service).map((s) => locator.unitName(`${app}-${s.service}-${domain}`)));
    const dbs = labelled.filter((c) => c.info.labels[LABEL.role] === 'db' && !others.has(c.unit.name));
    let db = dbs.find((c) => c.unit.name === locator.unitName(`${dbType}-${app}-${domain}`)) ?? dbs[0];
    if (db && !dbType) dbType = DB_TYPES.find((t) => db!.unit.name.startsWith(`${t}-`));
    if (!db) {
      // deployed before the labels: `<dbtype>-<app>-<domain>`
      for (const t of dbType ? [dbType] : DB_TYPES) {
        db = await locator.byName(`${t}-${app}-${domain}`);
        if (db) {
          dbType = t;
          break;
        }
      }
    }
    const appC = labelled.find((c) => c.info.labels[LABEL.role] === 'app') ?? (await locator.byName(`${app}-${domain}`));
    return { ...(db ? { db } : {}), ...(appC ? { app: appC } : {}), ...(dbType && db ? { dbType } : {}) };
  }

  async function findDb(app: string): Promise<DbFound | undefined> {
    const c = await containersOf(app);
    if (!c.db || !c.dbType) return undefined;
    return dbOf(c.dbType, c.db);
  }

  /** Every database of the app Summoner dumps: the first, then each other one the catalog names (by its unit name). */
  async function databasesOf(app: string, c?: { db?: Located; dbType?: DbType }): Promise<DbFound[]> {
    const first = c ?? (await containersOf(app));
    const out: DbFound[] = first.db && first.dbType ? [dbOf(first.dbType, first.db)] : [];
    const m = catalog.get(app);
    for (const s of m?.services ?? []) {
      if (s.role !== 'database' || !s.dbType || s.service === m?.database?.service) continue;
      const l = await locator.byName(`${app}-${s.service}-${domain}`);
      if (l) out.push(dbOf(s.dbType, l, s.service));
    }
    return out;
  }

  /** The database a dump goes back into: the one its manifest names, else the first. */
  async function dbOfManifest(app: string, m: Manifest, c?: { db?: Located; dbType?: DbType }): Promise<DbFound | undefined> {
    return (await databasesOf(app, c)).find((d) => d.service === m.service);
  }

  /** Who to connect as: names from the container's environment; the password from Summoner's secrets file. */
  async function targetOf(app: string, found: DbFound): Promise<DbTarget> {
    const live = await containerEnv(found.at.engine, found.at.container);
    if (!live) throw new SummonerError('backup.no_database', `the database container of ${app} is gone`);
    const creds = credentialsFromEnv(found.type, live.env);
    let password = creds.password;
    const m = catalog.get(app);
    const spec = (found.service ? m?.services?.find((s) => s.service === found.service)?.environment : m?.database?.environment) ?? {};
    for (const key of PASSWORD_KEYS[found.type]) {
      const ref = /^\$\{(\w+)\}$/.exec(spec[key] ?? '');
      if (!ref || !(key in live.env)) continue;
      const secrets = await loadSecrets(deps.secretsDir, app);
      if (secrets[ref[1]!] !== undefined) password = secrets[ref[1]!];
      break;
    }
    if (!creds.user || !creds.database || password === undefined) {
      throw new SummonerError('backup.no_credentials', `cannot tell which user and database to dump for ${app}`, { hint: 'its database container has no user/database/password variables' });
    }
    return { app, type: found.type, container: found.at.container, database: creds.database, user: creds.user, password, ...(found.service ? { service: found.service } : {}) };
  }

  /**
   * How long a twin of this database may take to answer: its own health timeout, never under 180 s (a twin
   * initialises a fresh data folder before it starts, slower than the start the health timeout was set for).
   */
  function twinStartLimitS(app: string, found: Pick<DbFound, 'service'>): number {
    const m = catalog.get(app);
    const spec = found.service ? m?.services?.find((s) => s.service === found.service) : m?.database;
    return Math.max(TWIN_START_FLOOR_S, spec?.health.timeoutS ?? 0);
  }

  async function redactor(app: string): Promise<(s: string) => string> {
    // fails closed: with a damaged secrets file, nothing the app printed is shown unmasked
    const secrets = await loadSecrets(deps.secretsDir, app);
    return (s) => redact(s, secrets);
  }

  /** Start units again in the order given, each behind its health gate. */
  async function startAgain(app: string, list: LiveUnit[], reporter: Reporter): Promise<void> {
    const red = await redactor(app);
    for (const u of list) {
      const started = await target.resume(u);
      const spec = parseHealth(u.labels[EXTRA_LABEL.health]);
      if (spec) reporter.step(...said('waitHealthy', [u.name], { app }));
      await target.waitHealthy(started, spec, red);
    }
  }

  async function apps(): Promise<string[]> {
    const set = new Set(await locator.apps());
    for (const name of catalog.names()) {
      if (set.has(name)) continue;
      const m = catalog.get(name);
      const candidates = [`${name}-${domain}`, ...(m?.database ? [`${m.database.type}-${name}-${domain}`] : [])];
      for (const n of candidates) if (await locator.byName(n)) set.add(name);
    }
    return [...set].sort();
  }

  return { containersOf, findDb, databasesOf, dbOfManifest, targetOf, twinStartLimitS, redactor, startAgain, apps };
}
