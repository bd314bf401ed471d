// bench:summon: summon and dismiss the test app with a database (test/minions/webdb: the busybox web app and
// MariaDB, images built locally) N times through the deployment core, next to Debian's docker-compose doing
// `up -d` / `down` on the same compose file in the same run. Both sides are timed until the app answers its
// health check and the database passes its own (compose's `up -d` returns before that; waiting for it is what
// makes the two comparable). Runs alternate, so machine noise hits both. Then the same for the five-service
// minion test/minions/crm5 (PostgreSQL, a cache, a migration job, a worker, the web app; BENCH_N5 runs):
// `summon_5svc_s` / `compose_5svc_s` / `ratio_5svc`. docker-compose (Debian's 1.29.2) is installed with apt
// when missing. Last line: one JSON object.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { configSchema } from '../src/config/schema.js';
import { createCore } from '../src/core/boot.js';
import { checkOnce, createEngine, inspectContainer, listContainers, removeContainer, removeNetwork, type Engine } from '../src/core/engine/index.js';
import type { HealthSpec } from '../src/core/types.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 20);
const CATALOG = path.join(root, 'test/minions');
const COMPOSE_FILE = path.join(CATALOG, 'webdb/compose.yml');
const N5 = Number(process.env.BENCH_N5 ?? 5);
const COMPOSE_5SVC = path.join(CATALOG, 'crm5/compose.yml');

/** Debian's docker-compose, installed when missing (argv only; apt needs root, as the bench's engine does). */
async function ensureDockerCompose(): Promise<void> {
  if (await run('docker-compose', ['version']).then(() => true, () => false)) return;
  process.stderr.write('docker-compose is missing: installing Debian\'s package\n');
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'docker-compose'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 1 << 24 });
}
const silent = { info() {}, warn() {}, error() {}, debug() {} };
const nothing = { step() {} };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function waitHealthy(engine: Engine, name: string, spec: HealthSpec, network?: string): Promise<void> {
  const end = Date.now() + spec.timeoutS * 1000;
  for (;;) {
    if (await checkOnce(engine, name, spec, network).catch(() => false)) return;
    if (Date.now() > end) throw new Error(`${name} not healthy within ${spec.timeoutS} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<void> {
  await ensureDockerCompose();
  const id = `bench${Date.now().toString(36)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-bench-summon-'));
  const config = configSchema.parse({
    domain: `${id}.summoner.test`,
    stateDir: path.join(dir, 'state'),
    dataRoot: path.join(dir, 'data'),
    dbRoot: path.join(dir, 'databases'),
    backupRoot: path.join(dir, 'backups'),
    engine: { mode: 'standalone', proxyNetwork: `summoner-proxy-${id}` },
    // compose runs no proxy either: same work on both sides (and no nginx on port 80 of a shared machine)
    proxy: { mode: 'external' },
  });
  const core = await createCore({ config, log: silent, shippedDir: CATALOG });
  const engine = createEngine({ socket: config.engine.socket });
  const minion = core.catalog.get('webdb');
  if (!minion?.database) throw new Error('test/minions/webdb (web + database) is missing');
  const five = core.catalog.get('crm5');
  if (!five?.services || five.services.length !== 5) throw new Error('test/minions/crm5 (five services) is missing');

  // compose gets the same values the catalog would generate (compose ignores the x-summoner section)
  const text = fs.readFileSync(COMPOSE_FILE, 'utf8');
  const vars = Object.fromEntries([...text.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => [m[1]!, `bench-${m[1]!.toLowerCase()}-x7Tq`]));
  const project = `${id}compose`;
  const composeEnv = { ...process.env, ...vars, COMPOSE_PROJECT_NAME: project };
  const compose = (...args: string[]) => run('docker-compose', ['-f', COMPOSE_FILE, '-p', project, ...args], { env: composeEnv, maxBuffer: 1 << 22 });
  const composeName = async (service: string) => {
    const list = await listContainers(engine, { 'com.docker.compose.project': project, 'com.docker.compose.service': service });
    return list[0]?.name;
  };

  const summon: number[] = [];
  const summonUp: number[] = [];
  const composeCycle: number[] = [];
  const composeUp: number[] = [];
  const project5 = `${id}compose5`;
  const summon5: number[] = [];
  const compose5Cycle: number[] = [];
  try {
    for (let i = 0; i < N; i++) {
      let t0 = performance.now();
      await core.services.summon('webdb', undefined, nothing);
      const up = performance.now() - t0;
      await core.services.dismiss('webdb', { purge: false }, nothing);
      summon.push((performance.now() - t0) / 1000);
      summonUp.push(up / 1000);

      t0 = performance.now();
      await compose('up', '-d', '--no-build');
      const db = (await composeName(minion.database.service))!;
      const web = (await composeName(minion.web.service))!;
      const webInfo = (await inspectContainer(engine, web))!;
      await waitHealthy(engine, db, minion.database.health);
      await waitHealthy(engine, web, minion.web.health, Object.keys(webInfo.networks)[0]);
      const cUp = performance.now() - t0;
      await compose('down', '--timeout', '10');
      composeCycle.push((performance.now() - t0) / 1000);
      composeUp.push(cUp / 1000);
      process.stderr.write(`run ${i + 1}/${N}: summon+dismiss ${summon.at(-1)!.toFixed(2)} s, compose up+down ${composeCycle.at(-1)!.toFixed(2)} s\n`);
    }

    // the five-service minion: summon (every service behind its gate, the job run to completion) and dismiss,
    // next to `docker-compose up -d` (which waits for the depends_on conditions) until the web answers, and down
    const text5 = fs.readFileSync(COMPOSE_5SVC, 'utf8');
    const vars5 = Object.fromEntries([...text5.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => [m[1]!, `bench-${m[1]!.toLowerCase()}-x7Tq`]));
    const compose5 = (...args: string[]) =>
      run('docker-compose', ['-f', COMPOSE_5SVC, '-p', project5, ...args], { env: { ...process.env, ...vars5, COMPOSE_PROJECT_NAME: project5 }, maxBuffer: 1 << 22 });
    try {
      for (let i = 0; i < N5; i++) {
        let t0 = performance.now();
        await core.services.summon('crm5', undefined, nothing);
        await core.services.dismiss('crm5', { purge: false }, nothing);
        summon5.push((performance.now() - t0) / 1000);
        // a fresh start each run, as compose's `down -v` (a purge would time its final cold copy too)
        for (const r of [config.dataRoot, config.dbRoot]) fs.rmSync(path.join(r, 'crm5'), { recursive: true, force: true });

        t0 = performance.now();
        await compose5('up', '-d', '--no-build');
        const web = (await listContainers(engine, { 'com.docker.compose.project': project5, 'com.docker.compose.service': 'web' }))[0]!.name;
        await waitHealthy(engine, web, five.web.health, Object.keys((await inspectContainer(engine, web))!.networks)[0]);
        await compose5('down', '-v', '--timeout', '10');
        compose5Cycle.push((performance.now() - t0) / 1000);
        process.stderr.write(`5 services, run ${i + 1}/${N5}: summon+dismiss ${summon5.at(-1)!.toFixed(2)} s, compose up+down ${compose5Cycle.at(-1)!.toFixed(2)} s\n`);
      }
    } finally {
      await compose5('down', '-v', '--timeout', '1').catch(() => undefined);
    }
  } finally {
    await compose('down', '-v', '--timeout', '1').catch(() => undefined);
    for (const c of await listContainers(engine, { 'summoner.domain': config.domain })) await removeContainer(engine, c.name).catch(() => undefined);
    await removeNetwork(engine, config.engine.proxyNetwork).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const r = (x: number) => Number(x.toFixed(3));
  const s = median(summon);
  const c = median(composeCycle);
  console.log(`summon+dismiss: median ${r(s)} s (up to healthy ${r(median(summonUp))} s) over ${N} runs`);
  console.log(`docker-compose up -d + down: median ${r(c)} s (up to healthy ${r(median(composeUp))} s)`);
  console.log(`five services: summon+dismiss median ${r(median(summon5))} s, docker-compose up -d + down ${r(median(compose5Cycle))} s over ${N5} runs`);
  console.log(
    JSON.stringify({
      runs: N,
      summon_s: r(s),
      compose_s: r(c),
      ratio: r(s / c),
      summon_up_s: r(median(summonUp)),
      compose_up_s: r(median(composeUp)),
      up_ratio: r(median(summonUp) / median(composeUp)),
      summon_5svc_s: r(median(summon5)),
      compose_5svc_s: r(median(compose5Cycle)),
      ratio_5svc: r(median(summon5) / median(compose5Cycle)),
    }),
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
