// Where an app's containers run, for the work that must happen next to them (a dump, a check, a twin of a
// database): the port every backup step finds its containers through, with one implementation per deploy
// target. Standalone: this engine, the container by name. Swarm (../swarm/locate.ts): the running task of
// each service, on the node that runs it, reached through that node's engine.
import { ASIDE_SUFFIX, inspectContainer, listContainers, selector, type ContainerInfo, type Engine } from '../engine/index.js';
import type { SummonerError } from '../../errors.js';
import { LABEL } from '../types.js';
import { containerUnit } from './containers.js';
import type { LiveUnit } from './target.js';

/** Which engine runs a container, and the container there: where an exec, an inspect or a twin goes. */
export interface ExecTarget {
  engine: Engine;
  /** Its name (standalone) or id (a Swarm task's container, on its node's engine). */
  container: string;
  /** The Swarm node that runs it (its hostname); absent on one host. */
  node?: string;
}

/** One of the app's units as it runs now: its container, where that runs, and the unit that stops and starts it. */
export interface Located {
  info: Pick<ContainerInfo, 'name' | 'labels' | 'state' | 'imageId'>;
  /** Absent when its node's engine is not known (Swarm): then `unreachable` says so, and nothing may run beside it. */
  at?: ExecTarget;
  unreachable?: SummonerError;
  unit: LiveUnit;
}

export interface UnitLocator {
  /** The app's labelled units that have a container now (never those left aside by a swap). */
  labelled(app: string): Promise<Located[]>;
  /** One unit by its plan name (`<dbtype>-<app>-<domain>`, `<app>-<service>-<domain>`), if it has a container. */
  byName(planName: string): Promise<Located | undefined>;
  /** The apps that have labelled units here. */
  apps(): Promise<string[]>;
  /** A plan name as the engine names its unit (Swarm: `swarmName`). */
  unitName(planName: string): string;
}

/** Standalone containers of this engine (names are plan names). */
export function containerLocator(engine: Engine, domain: string): UnitLocator {
  const located = (info: ContainerInfo): Located => ({ info, at: { engine, container: info.name }, unit: containerUnit(info) });
  return {
    async labelled(app) {
      const list = (await listContainers(engine, selector(domain, app))).filter((c) => !c.name.endsWith(ASIDE_SUFFIX));
      const infos = await Promise.all(list.map((c) => inspectContainer(engine, c.id)));
      return infos.filter((c): c is ContainerInfo => !!c).map(located);
    },
    async byName(name) {
      const info = await inspectContainer(engine, name);
      return info ? located(info) : undefined;
    },
    async apps() {
      return (await listContainers(engine, selector(domain))).map((c) => c.labels[LABEL.app]).filter((a): a is string => !!a);
    },
    unitName: (name) => name,
  };
}
