// Where an app's database goes on a Swarm (pure: src/core/swarm/data-node.ts). The node that holds its folders is
// recorded on the node as `summoner.data.<app>`; a database never starts elsewhere because a label went missing.
import { describe, expect, it } from 'vitest';
import type { SwarmNodeInfo, TaskInfo } from '../src/core/engine/index.js';
import { dataPlacement } from '../src/core/swarm/data-node.js';
import { isSummonerError } from '../src/errors.js';

const node = (id: string, labels: Record<string, string> = {}): SwarmNodeInfo => ({ id, hostname: `host-${id}`, state: 'ready', availability: 'active', role: id === 'mgr' ? 'manager' : 'worker', labels });
const task = (nodeId: string, state: TaskInfo['state'] = 'running'): TaskInfo => ({ id: `t-${nodeId}`, serviceId: 's', slot: 1, nodeId, state, desiredState: state === 'running' ? 'running' : 'shutdown', forceUpdate: 0, image: 'pg' });
const pinned = (constraint: string, tasks: TaskInfo[] = []) => ({ spec: { TaskTemplate: { Placement: { Constraints: [constraint] } } }, tasks });
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return isSummonerError(err) ? err.code : 'not a SummonerError';
  }
  return 'no error';
};

describe('the data node of an app on a Swarm', () => {
  it('first start: Summoner labels its own node and pins the database by that label', () => {
    const p = dataPlacement('crm', [node('mgr'), node('w1')], undefined, 'mgr');
    expect(p).toMatchObject({ constraint: 'node.labels.summoner.data.crm==true', label: { nodeId: 'mgr', key: 'summoner.data.crm', value: 'true' } });
    expect(p.why).toContain("host-mgr, Summoner's node");
  });

  it('follows the node labelled for the app, and two apps can keep their data on one node', () => {
    const nodes = [node('mgr'), node('w1', { 'summoner.data.crm': 'true', 'summoner.data.wiki': 'true' })];
    expect(dataPlacement('crm', nodes, undefined, 'mgr')).toEqual({ constraint: 'node.labels.summoner.data.crm==true', why: 'host-w1, labelled summoner.data.crm' });
    expect(dataPlacement('wiki', nodes, undefined, 'mgr').constraint).toBe('node.labels.summoner.data.wiki==true');
  });

  it("still honours the single label of earlier versions (summoner.data=<app>)", () => {
    const p = dataPlacement('crm', [node('mgr'), node('w2', { 'summoner.data': 'crm' })], undefined, 'mgr');
    expect(p).toEqual({ constraint: 'node.labels.summoner.data==crm', why: 'host-w2, labelled summoner.data=crm' });
  });

  it('a service pinned to a node by id (before labels) stays there, and that node gets the label', () => {
    const p = dataPlacement('crm', [node('mgr'), node('w1')], pinned('node.id==w1'), 'mgr');
    expect(p).toMatchObject({ constraint: 'node.labels.summoner.data.crm==true', label: { nodeId: 'w1' } });
    expect(p.why).toContain('where its data already is');
  });

  it('a label moved to another app: the database stays where its task runs, never on empty folders', () => {
    // w1 was labelled summoner.data=crm, then relabelled for wiki: the single label holds one app
    const nodes = [node('mgr'), node('w1', { 'summoner.data': 'wiki' })];
    const running = dataPlacement('crm', nodes, pinned('node.labels.summoner.data==crm', [task('w1')]), 'mgr');
    expect(running).toMatchObject({ constraint: 'node.labels.summoner.data.crm==true', label: { nodeId: 'w1' } });
    // nothing runs, so nothing says where the folders are: refused, with what to do
    expect(codeOf(() => dataPlacement('crm', nodes, pinned('node.labels.summoner.data==crm', [task('w1', 'shutdown')]), 'mgr'))).toBe('swarm.data_node_lost');
    expect(codeOf(() => dataPlacement('crm', nodes, pinned('node.labels.summoner.data.crm==true'), 'mgr'))).toBe('swarm.data_node_lost');
  });

  it('refuses two nodes labelled for the same app', () => {
    const nodes = [node('w1', { 'summoner.data.crm': 'true' }), node('w2', { 'summoner.data.crm': 'true' })];
    expect(codeOf(() => dataPlacement('crm', nodes, undefined, 'mgr'))).toBe('swarm.data_node_ambiguous');
    expect(codeOf(() => dataPlacement('crm', [node('w1', { 'summoner.data': 'crm' }), node('w2', { 'summoner.data': 'crm' })], undefined, 'mgr'))).toBe('swarm.data_node_ambiguous');
  });
});
