// Watches a Swarm's nodes (a built-in scheduled job, on a Swarm manager only): a node that goes down, is
// drained or paused, and its coming back, are announced once as `swarm.node`, with what each means for the
// apps (core/swarm/nodes.ts). What was said is remembered across restarts (kv), so a restart neither repeats
// it nor misses a change made while the bot was down.
import type { EventBus } from '../core/events.js';
import { nodeNews, type SwarmView } from '../core/swarm/nodes.js';

export interface NodeWatch {
  /** One check: returns a line for the job's result. */
  check(): Promise<string>;
}

const KEY = 'swarm-node:';

export function createNodeWatch(o: { view: () => Promise<SwarmView>; events: EventBus; state: { get(key: string): string | undefined; set(key: string, value: string): void } }): NodeWatch {
  let before: SwarmView | undefined; // where tasks ran at the last check (they have often moved by the next)
  return {
    async check() {
      const view = await o.view();
      const said = new Map(view.nodes.flatMap((n) => {
        const v = o.state.get(`${KEY}${n.id}`);
        return v === undefined ? [] : [[n.id, v] as const];
      }));
      const news = nodeNews(view, said, before);
      before = view;
      for (const n of view.nodes) {
        const item = news.find((x) => x.nodeId === n.id);
        if (item) {
          o.events.emit({ type: 'swarm.node', node: item.node, condition: item.condition, impacts: item.impacts });
          o.state.set(`${KEY}${n.id}`, item.condition);
        } else if (!said.has(n.id)) o.state.set(`${KEY}${n.id}`, 'ready');
      }
      const notReady = view.nodes.filter((n) => (o.state.get(`${KEY}${n.id}`) ?? 'ready') !== 'ready').length;
      return `${view.nodes.length} node(s), ${notReady} not ready${news.length ? `; said: ${news.map((x) => `${x.node} ${x.condition}`).join(', ')}` : ''}`;
    },
  };
}
