// An app's units as the backup module sees them: its database and app containers (by Summoner's labels, or by
// the naming scheme `<dbtype>-<app>-<domain>` for containers deployed before the labels), who to connect to
// the database as, how to mask its secrets, and starting units again behind their health gates.
import { SummonerError } from '../../errors.js';
import { containerEnv, inspectContainer, listContainers, selector, EXTRA_LABEL, type ContainerInfo } from '../engine/index.js';
import { parseHealth, type Reporter } from '../reporting.js';
import { containerUnit } from '../deploy/containers.js';
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
  const { deps, engine, catalog, domain, notAside, target } = ctx;

  async function containersOf(app: string): Promise<{ db?: ContainerInfo; app?: ContainerInfo; dbType?: DbType }> {
    const labelled = (await listContainers(engine, selector(domain, app))).filter(notAside);
    const m = catalog.get(app);
    let dbType = m?.database?.type;
    // the first database is `<dbtype>-<app>-<domain>`; a minion's other databases (`<app>-<service>-<domain>`) carry the role db too
    const others = new Set((m?.services ?? []).filter((s) => s.role === 'database' && s.service !== m?.database?.service).map((s) => `${app}-${s.service}-${domain}`));
    const dbs = labelled.filter((c) => c.labels[LABEL.role] === 'db' && !others.has(c.name));
    const dbL = dbs.find((c) => c.name === `${dbType}-${app}-${domain}`) ?? dbs[0];
    const appL = labelled.find((c) => c.labels[LABEL.role] === 'app');
    let db = dbL ? await inspectContainer(engine, dbL.id) : undefined;
    if (db && !dbType) dbType = DB_TYPES.find((t) => db!.name.startsWith(`${t}-`));
    if (!db) {
      // deployed before the labels: `<dbtype>-<app>-<domain>`
      for (const t of dbType ? [dbType] : DB_TYPES) {
        db = await inspectContainer(engine, `${t}-${app}-${domain}`);
        if (db) {
          dbType = t;
          break;
        }
      }
    }
    const appC = await inspectContainer(engine, appL ? appL.id : `${app}-${domain}`);
    return { ...(db ? { db } : {}), ...(appC ? { app: appC } : {}), ...(dbType && db ? { dbType } : {}) };
  }

  async function findDb(app: string): Promise<DbFound | undefined> {
    const c = await containersOf(app);
    if (!c.db || !c.dbType) return undefined;
    return { type: c.dbType, container: c.db.name, running: c.db.state === 'running', image: c.db.imageId };
  }

  /** Every database of the app Summoner dumps: the first, then each other one the catalog names (by its unit name). */
  async function databasesOf(app: string, c?: { db?: ContainerInfo; dbType?: DbType }): Promise<(DbFound & { info: ContainerInfo })[]> {
    const first = c ?? (await containersOf(app));
    const out: (DbFound & { info: ContainerInfo })[] = first.db && first.dbType ? [{ type: first.dbType, container: first.db.name, running: first.db.state === 'running', image: first.db.imageId, info: first.db }] : [];
    const m = catalog.get(app);
    for (const s of m?.services ?? []) {
      if (s.role !== 'database' || !s.dbType || s.service === m?.database?.service) continue;
      const info = await inspectContainer(engine, `${app}-${s.service}-${domain}`);
      if (info) out.push({ type: s.dbType, container: info.name, running: info.state === 'running', image: info.imageId, service: s.service, info });
    }
    return out;
  }

  /** The database a dump goes back into: the one its manifest names, else the first. */
  async function dbOfManifest(app: string, m: Manifest, c?: { db?: ContainerInfo; dbType?: DbType }): Promise<(DbFound & { info: ContainerInfo }) | undefined> {
    return (await databasesOf(app, c)).find((d) => d.service === m.service);
  }

  /** Who to connect as: names from the container's environment; the password from Summoner's secrets file. */
  async function targetOf(app: string, found: DbFound): Promise<DbTarget> {
    const live = await containerEnv(engine, found.container);
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
    return { app, type: found.type, container: found.container, database: creds.database, user: creds.user, password, ...(found.service ? { service: found.service } : {}) };
  }

  /**
   * How long a twin of this database may take to answer: its own health timeout, never under 180 s (a twin
   * initialises a fresh data folder before it starts, slower than the start the health timeout was set for).
   */
  function twinStartLimitS(app: string, found: DbFound): number {
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
  async function startAgain(app: string, list: (ContainerInfo | LiveUnit)[], reporter: Reporter): Promise<void> {
    const red = await redactor(app);
    for (const x of list) {
      const u = 'pin' in x ? x : containerUnit(x);
      const started = await target.resume(u);
      const spec = parseHealth(u.labels[EXTRA_LABEL.health]);
      if (spec) reporter.step(`waiting for ${u.name} to be healthy`, { app });
      await target.waitHealthy(started, spec, red);
    }
  }

  async function apps(): Promise<string[]> {
    const labelled = (await listContainers(engine, selector(domain))).map((c) => c.labels[LABEL.app]).filter((a): a is string => !!a);
    const set = new Set(labelled);
    for (const name of catalog.names()) {
      if (set.has(name)) continue;
      const m = catalog.get(name);
      const candidates = [`${name}-${domain}`, ...(m?.database ? [`${m.database.type}-${name}-${domain}`] : [])];
      for (const n of candidates) if (await inspectContainer(engine, n)) set.add(name);
    }
    return [...set].sort();
  }

  return { containersOf, findDb, databasesOf, dbOfManifest, targetOf, twinStartLimitS, redactor, startAgain, apps };
}
