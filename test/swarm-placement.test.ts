// Where a Swarm service may run (pure: src/core/swarm/spec.ts): an app's databases follow the node labelled
// `summoner.data=<app>` when one is; otherwise units with data folders or an HTTP check stay on Summoner's node,
// and the rest run anywhere.
import { describe, expect, it } from 'vitest';
import type { SwarmTaskSpec } from '../src/core/engine/index.js';
import { serviceSpecOf } from '../src/core/swarm/index.js';
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

const constraints = (c: ContainerPlan, dataLabel?: string) =>
  (serviceSpecOf({ container: c, proxyNetwork: 'summoner-proxy', secrets: [], nodeId: 'mgr', ...(dataLabel ? { dataLabel } : {}) }).spec.TaskTemplate as SwarmTaskSpec).Placement?.Constraints;

describe('swarm placement', () => {
  it('pins a database to the node labelled summoner.data=<app>, and nothing else moves there', () => {
    expect(constraints(unit('db', true), 'crm')).toEqual(['node.labels.summoner.data==crm']);
    expect(constraints(unit('worker', true), 'crm')).toEqual(['node.id==mgr']);
    expect(constraints(unit('cache', false), 'crm')).toBeUndefined();
  });

  it('without the label: data stays on Summoner\'s node, stateless units run anywhere', () => {
    expect(constraints(unit('db', true))).toEqual(['node.id==mgr']);
    expect(constraints(unit('cache', false))).toBeUndefined();
  });
});
