// Where a Swarm service may run (pure: src/core/swarm/spec.ts): an app's databases follow the node that holds their
// data (src/core/swarm/data-node.ts, tested in swarm-data-node.test.ts); otherwise units with data folders or an
// HTTP check stay on Summoner's node, and the rest run anywhere.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { loadCatalog, planDeploy } from '../src/core/catalog/index.js';
import type { Engine, SwarmTaskSpec, TaskInfo } from '../src/core/engine/index.js';
import { hasFailed } from '../src/core/swarm/health.js';
import { serviceSpecOf } from '../src/core/swarm/index.js';
import { onlyStaleHere, swarmTarget } from '../src/core/swarm/target.js';
import { silentLog } from './helpers/docker.js';
import { LABEL, type ContainerPlan } from '../src/core/types.js';

const unit = (role: ContainerPlan['role'], withData: boolean): ContainerPlan => ({
  name: `${role}-crm-example.org`,
  role,
  image: 'summoner-test/web:1.0',
  env: {},
  mounts: withData ? [{ source: `/srv/data/crm/${role}`, target: '/data', readOnly: false }] : [],
  ports: [],
  networks: ['summoner-crm-example.org'],
  aliases: [role],
  labels: { [LABEL.app]: 'crm', [LABEL.role]: role },
  health: { exec: ['true'], timeoutS: 5, intervalS: 1 },
});

const constraints = (c: ContainerPlan, dataConstraint?: string) =>
  (serviceSpecOf({ container: c, proxyNetwork: 'summoner-proxy', secrets: [], nodeId: 'mgr', ...(dataConstraint ? { dataConstraint } : {}) }).spec.TaskTemplate as SwarmTaskSpec).Placement?.Constraints;

describe('swarm placement', () => {
  it('pins a database to the node that holds its data, and nothing else moves there', () => {
    const where = 'node.labels.summoner.data.crm==true';
    expect(constraints(unit('db', true), where)).toEqual([where]);
    expect(constraints(unit('worker', true), where)).toEqual(['node.id==mgr']);
    expect(constraints(unit('cache', false), where)).toBeUndefined();
  });

  it('without the label: data stays on Summoner\'s node, stateless units run anywhere', () => {
    expect(constraints(unit('db', true))).toEqual(['node.id==mgr']);
    expect(constraints(unit('cache', false))).toBeUndefined();
  });
});

describe('config files on a Swarm', () => {
  it('travel as Docker secrets at their targets (every node has them), not as binds of the copy on this node', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-swarm-files-'));
    try {
      fs.mkdirSync(path.join(dir, 'site'));
      fs.writeFileSync(path.join(dir, 'site', 'site.conf'), 'server { listen 8080; }\n');
      const doc = {
        services: {
          web: { image: 'summoner-test/web:1.0', configs: ['site', { source: 'motd', target: '/etc/motd', mode: 0o440 }] },
          db: { image: 'postgres:16.4', configs: [{ source: 'site', target: '/etc/pg.conf' }], volumes: ['pgdata:/var/lib/postgresql/data'] },
          worker: { image: 'summoner-test/web:1.0', command: ['sleep', '1000'], configs: ['motd'] },
        },
        volumes: { pgdata: {} },
        configs: { site: { file: './site.conf' }, motd: { content: 'hello at ${URL}\n' } },
        'x-summoner': { description: 'a tmp minion', web: { service: 'web', port: 8080 } },
      };
      fs.writeFileSync(path.join(dir, 'site', 'compose.yml'), dump(doc));
      const catalog = loadCatalog([{ dir, origin: 'custom' }]);
      expect(catalog.problems).toEqual([]);
      const config = configSchema.parse({ domain: 'example.org', dataRoot: '/srv/summoner/data', dbRoot: '/srv/summoner/databases', engine: { mode: 'swarm' } });
      const plan = planDeploy(catalog.get('site')!, { config, secrets: { DB_PASSWORD: 'a-generated-password' } });
      const target = swarmTarget({} as Engine, config, silentLog());
      const refs = target.secretRefs(plan, { DB_PASSWORD: 'a-generated-password' });
      const specOf = (role: string) => {
        const c = plan.containers.find((x) => x.role === role)!;
        const secrets = (refs.get(c.name) ?? []).map((r) => ({ variable: r.variable, name: r.name, id: `id-${r.name}`, ...(r.file ? { file: r.file } : {}) }));
        return serviceSpecOf({ container: c, proxyNetwork: 'summoner-proxy', secrets, nodeId: 'mgr', ...(role === 'db' ? { dataConstraint: 'node.labels.summoner.data==site' } : {}) }).spec.TaskTemplate as SwarmTaskSpec;
      };
      const web = specOf('app'); // the one web service is the app's unit
      // no bind of a file of Summoner's node; each file a secret at its target, with the plan's mode
      expect(web.ContainerSpec!.Mounts ?? []).toEqual([]);
      expect(web.ContainerSpec!.Secrets!.map((s) => [s.File!.Name, s.File!.Mode])).toEqual(
        expect.arrayContaining([['/site', 0o444], ['/etc/motd', 0o440]]),
      );
      // the web unit stays on this node for its HTTP check only; a unit that had nothing but a config file to
      // keep it here now runs anywhere
      expect(web.Placement?.Constraints).toEqual(['node.id==mgr']);
      const worker = specOf('worker');
      expect(worker.ContainerSpec!.Mounts ?? []).toEqual([]);
      expect(worker.Placement?.Constraints).toBeUndefined();
      // the database keeps its data bind and its pin to the data node, and gets its config file there too
      const db = specOf('db');
      expect(db.Placement?.Constraints).toEqual(['node.labels.summoner.data==site']);
      expect(db.ContainerSpec!.Mounts!.map((m) => m.Target)).toEqual(['/var/lib/postgresql/data']);
      expect(db.ContainerSpec!.Secrets!.map((s) => s.File!.Name)).toContain('/etc/pg.conf');
      // the secret's content is the file's (the URL filled in); a changed file gets a new secret name
      const motd = refs.get(plan.containers.find((x) => x.role === 'app')!.name)!.find((r) => r.variable === '/etc/motd')!;
      expect(motd.value).toBe('hello at https://site.example.org\n');
      fs.writeFileSync(path.join(dir, 'site', 'site.conf'), 'server { listen 8081; }\n');
      const plan2 = planDeploy(loadCatalog([{ dir, origin: 'custom' }]).get('site')!, { config, secrets: { DB_PASSWORD: 'a-generated-password' } });
      const names = (p: typeof plan) => [...target.secretRefs(p, { DB_PASSWORD: 'a-generated-password' }).values()].flat().filter((r) => r.variable === '/site').map((r) => r.name);
      expect(names(plan2)).not.toEqual(names(plan));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a task Swarm rejected', () => {
  const task = (state: TaskInfo['state'], err?: string): TaskInfo => ({ id: 't', serviceId: 's', slot: 1, nodeId: 'n', state, desiredState: 'shutdown', forceUpdate: 0, image: 'summoner-test/web:1.0', ...(err ? { err } : {}) });
  it('fails the deploy, except when Swarm places a new task itself (a node label not yet seen by its node)', () => {
    expect(hasFailed(task('rejected', 'No such image: summoner-test/web:9'))).toBe(true);
    expect(hasFailed(task('failed', 'task: non-zero exit (1)'))).toBe(true);
    expect(hasFailed(task('rejected', 'assigned node no longer meets constraints'))).toBe(false);
    expect(hasFailed(task('running'))).toBe(false);
  });
});

describe('a scale to 0 whose task the manager still calls running', () => {
  const task = (nodeId: string, state: TaskInfo['state'], desiredState: string): TaskInfo => ({ id: 't1', serviceId: 's1', slot: 1, nodeId, state, desiredState, forceUpdate: 0, image: 'web:1.0' });
  it('is stale only when it is this node\'s, wanted stopped, and no container of it runs here', () => {
    expect(onlyStaleHere([], [task('self', 'running', 'shutdown')], 'self')).toBe(true);
    expect(onlyStaleHere([], [task('self', 'running', 'remove')], 'self')).toBe(true);
    // a container still runs here: the task runs
    expect(onlyStaleHere(['c1'], [task('self', 'running', 'shutdown')], 'self')).toBe(false);
    // another node's task: only its own report tells
    expect(onlyStaleHere([], [task('other', 'running', 'shutdown')], 'self')).toBe(false);
    expect(onlyStaleHere([], [task('self', 'running', 'shutdown'), task('other', 'running', 'shutdown')], 'self')).toBe(false);
    // still wanted running (a new generation starting): not stale
    expect(onlyStaleHere([], [task('self', 'starting', 'running')], 'self')).toBe(false);
    // this node unknown, or nothing left
    expect(onlyStaleHere([], [task('self', 'running', 'shutdown')], '')).toBe(false);
    expect(onlyStaleHere([], [], 'self')).toBe(false);
  });
});
