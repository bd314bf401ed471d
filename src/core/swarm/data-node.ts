// Where an app's databases run on a Swarm: the node that holds their folders. Summoner records it on the node
// itself, as the label `summoner.data.<app>`, so that it holds through updates, a restart of Summoner and a
// change of manager, and an operator sees it (`docker node inspect`) and moves it on purpose, with the data.
// A database never starts on another node because a label went missing: that node would have empty folders.
import { SummonerError } from '../../errors.js';
import type { SwarmNodeInfo, SwarmServiceSpec, TaskInfo } from '../engine/index.js';
import { runningTask } from './health.js';
import { DATA_NODE_LABEL } from './spec.js';

/** The app's own label key (one per app, so that several apps keep their data on the same node). */
export const dataLabelKey = (app: string): string => `${DATA_NODE_LABEL}.${app}`;

export interface DataPlacement {
  /** The service's placement constraint. */
  constraint: string;
  /** A node to label first (the app's data is found there but no node says so yet). */
  label?: { nodeId: string; key: string; value: string };
  /** Why this node, said in the deploy's steps. */
  why: string;
}

const constraintOf = (key: string, value: string) => `node.labels.${key}==${value}`;

/**
 * Where the database of `app` goes. In order: the node labelled `summoner.data.<app>`; the node labelled
 * `summoner.data=<app>` (the single label of earlier versions, still honoured, one app per node); the node its
 * running service already uses (a `node.id` pin, or its running task); for a first start, Summoner's own
 * node. Two labelled nodes, or a service pinned by a label that no node carries any more, stop the start.
 */
export function dataPlacement(
  app: string,
  nodes: readonly SwarmNodeInfo[],
  current: { spec: SwarmServiceSpec; tasks: readonly TaskInfo[] } | undefined,
  ownNode: string,
): DataPlacement {
  const key = dataLabelKey(app);
  const name = (id: string) => nodes.find((n) => n.id === id)?.hostname ?? id.slice(0, 12);
  const labelled = nodes.filter((n) => n.labels[key] !== undefined);
  const legacy = nodes.filter((n) => n.labels[DATA_NODE_LABEL] === app);
  for (const [found, label] of [
    [labelled, key],
    [legacy, `${DATA_NODE_LABEL}=${app}`],
  ] as const) {
    if (found.length > 1) {
      throw new SummonerError('swarm.data_node_ambiguous', `nodes ${found.map((n) => n.hostname).join(' and ')} both carry ${label}: ${app}'s database could start on either, and only one holds its data`, {
        hint: `remove the label from the node that does not hold ${app}'s folders (\`docker node update --label-rm ${label.split('=')[0]} <node>\`)`,
      });
    }
  }
  if (labelled.length) return { constraint: constraintOf(key, labelled[0]!.labels[key]!), why: `${labelled[0]!.hostname}, labelled ${key}` };
  if (legacy.length) return { constraint: constraintOf(DATA_NODE_LABEL, app), why: `${legacy[0]!.hostname}, labelled ${DATA_NODE_LABEL}=${app}` };

  const pins = (current?.spec.TaskTemplate as { Placement?: { Constraints?: string[] } } | undefined)?.Placement?.Constraints ?? [];
  const pinnedId = pins.map((c) => /^node\.id\s*==\s*(\S+)$/.exec(c)?.[1]).find(Boolean);
  const running = current && runningTask(current.tasks)?.nodeId;
  const lostLabel = pins.find((c) => c.startsWith(`node.labels.${DATA_NODE_LABEL}`));
  // pinned by a label nobody carries: its task (if one still runs) shows where the data is; else refuse
  const where = lostLabel ? running : (pinnedId ?? running);
  if (lostLabel && !where) {
    throw new SummonerError('swarm.data_node_lost', `no node carries the label that kept ${app}'s database on the node holding its data (${lostLabel}); starting it elsewhere would start it on empty folders`, {
      hint: `label the node that holds ${app}'s folders: \`docker node update --label-add ${key}=true <node>\``,
    });
  }
  const nodeId = where ?? ownNode;
  const first = !current;
  return {
    constraint: constraintOf(key, 'true'),
    label: { nodeId, key, value: 'true' },
    why: `${name(nodeId)}, ${first ? "Summoner's node" : 'where its data already is'}, now labelled ${key}`,
  };
}
