// Where a Swarm app's containers run (the UnitLocator of ../deploy/locate.ts): each service's running task
// (the manager's task list, desired state running), the node that runs it, and its container there, reached
// through that node's own Engine API (`swarm.nodes` in the config), so that a dump, a check or a twin of a
// database runs next to it with the same code as on one host. The node Summoner's engine is needs no entry.
// A node whose endpoint is not known: its units are still listed (the manager stops and starts them), but
// nothing runs beside them: `swarm.node_unknown`, naming the node (fails closed, never a guess).
import fs from 'node:fs';
import type { Config } from '../../config/schema.js';
import { SummonerError } from '../../errors.js';
import type { Located, UnitLocator } from '../deploy/locate.js';
import { createEngine, inspectContainer, inspectService, listServices, nodeHostnames, selector, swarmState, type Engine, type ServiceInfo } from '../engine/index.js';
import { LABEL } from '../types.js';
import { runningTask, tasksOf } from './health.js';
import { swarmName } from './names.js';
import { serviceUnit, swarmTarget } from './target.js';
import type { CoreLog } from '../deploy/lifecycle.js';
import type { DeployTarget } from '../deploy/target.js';

/** What the backup module takes on a Swarm manager: services stopped and started as services, work done beside each task. */
export function swarmBackupDeps(engine: Engine, config: Config, log: CoreLog): { target: DeployTarget; locator: UnitLocator } {
  return { target: swarmTarget(engine, config, log), locator: swarmLocator(engine, config) };
}

export function swarmLocator(engine: Engine, config: Config): UnitLocator {
  const domain = config.domain;
  const engines = new Map<string, Engine>();
  let selfId: Promise<string> | undefined;
  let tls: { ca: Buffer; cert: Buffer; key: Buffer } | undefined;

  function tlsFiles(): { ca: Buffer; cert: Buffer; key: Buffer } {
    const t = config.swarm.tls;
    if (!t) throw new SummonerError('config.invalid', 'an https:// node endpoint needs swarm.tls (ca, cert, key)');
    if (!tls) {
      const read = (key: 'ca' | 'cert' | 'key') => {
        try {
          return fs.readFileSync(t[key]);
        } catch (err) {
          throw new SummonerError('config.invalid', `swarm.tls.${key} cannot be read: ${(err as Error).message}`);
        }
      };
      tls = { ca: read('ca'), cert: read('cert'), key: read('key') };
    }
    return tls;
  }

  /** The engine that runs a task on this node, or why there is none. */
  async function engineOf(nodeId: string, hostname: string): Promise<Engine | SummonerError> {
    const url = config.swarm.nodes[hostname];
    if (url) {
      let e = engines.get(url);
      if (!e) {
        e = createEngine({ socket: url, timeoutMs: 60_000, mountRoots: [config.dataRoot, config.dbRoot], ...(url.startsWith('https://') ? { tls: tlsFiles() } : {}) });
        engines.set(url, e);
      }
      return e;
    }
    selfId ??= swarmState(engine).then((s) => s.nodeId);
    if (nodeId === (await selfId)) return engine;
    return new SummonerError('swarm.node_unknown', `no engine endpoint is known for node ${hostname}, so nothing can run beside its tasks from here`, {
      hint: `add its Engine API to summoner.yml: swarm.nodes.${hostname}: https://<address>:2376 (with swarm.tls), or tcp://<address>:2375 on a private network`,
    });
  }

  async function locate(info: ServiceInfo, hostnames: Map<string, string>): Promise<Located> {
    const tasks = await tasksOf(engine, info);
    const unit = serviceUnit(info, tasks);
    const t = runningTask(tasks);
    const asTask = (state: 'running' | 'exited') => ({ name: t ? `${info.name}.${t.slot}.${t.id}` : info.name, labels: info.labels, state, imageId: '' });
    if (!t?.containerId) {
      return { info: asTask('exited'), unit, unreachable: new SummonerError('backup.db_stopped', `${info.name} runs no task now`, { hint: `start it (\`restart ${info.labels[LABEL.app] ?? ''}\`) and try again` }) };
    }
    const node = hostnames.get(t.nodeId) ?? t.nodeId;
    const e = await engineOf(t.nodeId, node);
    if (e instanceof SummonerError) return { info: asTask('running'), unit, unreachable: e };
    const c = await inspectContainer(e, t.containerId);
    if (!c) return { info: asTask('exited'), unit, unreachable: new SummonerError('engine.not_found', `the task container of ${info.name} is gone from ${node}`) };
    return { info: c, at: { engine: e, container: c.id, node }, unit };
  }

  return {
    async labelled(app) {
      const [list, hostnames] = await Promise.all([listServices(engine, selector(domain, app)), nodeHostnames(engine)]);
      return Promise.all(list.map((s) => locate(s, hostnames)));
    },
    async byName(planName) {
      const s = await inspectService(engine, swarmName(planName));
      return s ? locate(s, await nodeHostnames(engine)) : undefined;
    },
    async apps() {
      return (await listServices(engine, selector(domain))).map((s) => s.labels[LABEL.app]).filter((a): a is string => !!a);
    },
    unitName: swarmName,
  };
}
