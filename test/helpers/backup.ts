// Helpers for the backup tests: minions whose policy asks for hot dumps (MariaDB, PostgreSQL), SQL run
// inside their database containers (credentials through the environment), and the services wired as
// src/app.ts wires them (one JobQueue shared by the deployment core and the backup module).
import { Readable } from 'node:stream';
import { dumpAndColdCopyHook } from '../../src/core/backup/hook.js';
import { createBackupService, type BackupService, type OffsiteTarget } from '../../src/core/backup/service.js';
import { coldCopyBackupHook } from '../../src/core/coldcopy.js';
import { execStream } from '../../src/core/engine/index.js';
import { JobQueue } from '../../src/core/jobs.js';
import { loadSecrets } from '../../src/core/secrets.js';
import { createCoreServices, type CoreServices } from '../../src/core/services.js';
import type { Minion } from '../../src/core/types.js';
import { createEventBus, type SummonerEvent } from '../../src/core/events.js';
import { catalogOf, handPlan, minion, silentLog, webDbMinion, type TestEnv } from './docker.js';

export function hotDbMinion(name: string): Minion {
  return { ...webDbMinion(name), backup: { hot: true, cold: false } };
}

export function hotPgMinion(name: string): Minion {
  return minion(name, {
    backup: { hot: true, cold: false },
    database: {
      service: 'db',
      image: 'summoner-test/postgres',
      tag: '15',
      type: 'postgres',
      version: '15',
      supports: '>=13 <18',
      port: 5432,
      environment: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: '${DB_PASSWORD}', POSTGRES_DB: 'appdb' },
      volumes: [{ name: 'pgdata', target: '/var/lib/postgresql/data' }],
      ports: [],
      health: { exec: ['pg_isready', '-h', '127.0.0.1', '-p', '5432'], timeoutS: 90, intervalS: 1 },
    },
  });
}

export interface Wired {
  core: CoreServices;
  backups: BackupService;
  events: (SummonerEvent & { at: number })[];
  jobs: JobQueue;
}

export function wire(env: TestEnv, minions: Minion[], opts: { offsite?: OffsiteTarget; dumpBeforeUpdate?: boolean } = {}): Wired {
  const jobs = new JobQueue();
  const bus = createEventBus();
  const events: (SummonerEvent & { at: number })[] = [];
  bus.on((e) => void events.push(e));
  const catalog = catalogOf(...minions);
  const log = silentLog();
  const backups = createBackupService({ config: env.config, engine: env.engine, catalog, secretsDir: env.secretsDir, jobs, events: bus, log, ...(opts.offsite ? { offsite: opts.offsite } : {}) });
  // as src/core/boot.ts wires them: update/rollback/purge take a real dump, then the cold copy
  const backupHook = opts.dumpBeforeUpdate ? dumpAndColdCopyHook(backups, coldCopyBackupHook({ dataRoot: env.config.dataRoot, dbRoot: env.config.dbRoot, backupRoot: env.config.backupRoot })) : undefined;
  const core = createCoreServices({ config: env.config, engine: env.engine, catalog, planDeploy: handPlan, secretsDir: env.secretsDir, log, jobs, ...(backupHook ? { backupHook } : {}) });
  return { core, backups, events, jobs };
}

/** Run SQL in the app's database container as the app's user; returns stdout (tab-separated rows). */
export async function sql(env: TestEnv, app: string, type: 'mariadb' | 'postgres', query: string): Promise<string> {
  const s = await loadSecrets(env.secretsDir, app);
  const pw = s.DB_PASSWORD ?? '';
  const container = `${type}-${app}-${env.domain}`;
  const r =
    type === 'mariadb'
      ? await execStream(env.engine, container, ['mariadb', '-h127.0.0.1', '-uapp', '--default-character-set=utf8mb4', 'app', '-N', '-B'], { env: [`MYSQL_PWD=${pw}`], stdin: Readable.from([Buffer.from(query)]) })
      : await execStream(env.engine, container, ['psql', '-h', '127.0.0.1', '-U', 'app', '-d', 'appdb', '-X', '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-f', '-'], {
          env: [`PGPASSWORD=${pw}`],
          stdin: Readable.from([Buffer.from(query)]),
        });
  if (r.exitCode !== 0) throw new Error(`sql failed (${r.exitCode}): ${r.stderr}`);
  return r.stdout;
}
