// `scale <app> <n>` as the team types it: the core's answer rendered (each service scaled with its nodes, each
// service kept at one task with why), a refusal on one host with what to do instead; and which services may run
// several tasks at all (pure: src/core/swarm/scale.ts).
import { afterEach, describe, expect, it } from 'vitest';
import scale from '../commands/scale.js';
import type { Services } from '../commands/services.js';
import type { ServiceInfo } from '../src/core/engine/index.js';
import type { Reporter } from '../src/core/reporting.js';
import type { ScaleResult } from '../src/core/services.js';
import { whyNotScalable } from '../src/core/swarm/scale.js';
import { SummonerError } from '../src/errors.js';
import { testBot, type TestBot } from './helpers/robot.js';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.robot.stop();
  bot = undefined;
});

const service = (role: string, mounts: { Type?: string; Target?: string }[] = [], job = false): ServiceInfo =>
  ({ id: 'x', name: `svc-${role}`, version: 1, labels: { 'summoner.role': role }, spec: { Mode: job ? { ReplicatedJob: {} } : { Replicated: { Replicas: 1 } }, TaskTemplate: { ContainerSpec: { Mounts: mounts } } } }) as unknown as ServiceInfo;

describe('scale', () => {
  it('asks the core for the count and says where each service runs and why the others stay at one', async () => {
    const calls: string[] = [];
    const services = {
      core: {
        async scale(app: string, n: number, r: Reporter): Promise<ScaleResult> {
          calls.push(`${app} ${n}`);
          r.step('wekan-example-org: 3 of 3 task(s) running');
          return { app, replicas: n, scaled: [{ service: 'wekan-example-org', from: 1, nodes: ['manager', 'worker1', 'worker2'] }], kept: [{ service: 'mongo-wekan-example-org', why: 'a database runs once, on the node that holds its data' }], ms: 4200 };
        },
      },
    } as unknown as Services;
    bot = await testBot({ services, commands: [scale] });
    await bot.chat.say('scale wekan 3');
    expect(calls).toEqual(['wekan 3']);
    const text = bot.chat.texts().at(-1)!;
    expect(text).toContain('wekan runs 3 task(s) of each service below, all running and checked (4.2 s)');
    expect(text).toContain('- wekan-example-org: 1 → 3, on manager, worker1, worker2');
    expect(text).toContain('- mongo-wekan-example-org stays at one task: a database runs once, on the node that holds its data');
  });

  it('says why on one host, and what to do instead', async () => {
    const services = {
      core: {
        async scale(): Promise<ScaleResult> {
          throw new SummonerError('scale.unsupported', 'wekan runs as containers on one host, one container per service: only a Swarm runs several tasks of a service', { hint: 'run Summoner on a Swarm manager (`engine.mode: swarm`) to scale web and worker services' });
        },
      },
    } as unknown as Services;
    bot = await testBot({ services, commands: [scale] });
    await bot.chat.say('scale wekan 2');
    const text = bot.chat.texts().at(-1)!;
    expect(text).toContain('only a Swarm runs several tasks');
    expect(text).toContain('engine.mode: swarm');
  });

  it('lets web and worker services without data run several tasks, and no other', () => {
    expect(whyNotScalable(service('app'))).toBeUndefined();
    expect(whyNotScalable(service('worker'))).toBeUndefined();
    expect(whyNotScalable(service('web', [{ Type: 'tmpfs', Target: '/tmp' }]))).toBeUndefined();
    expect(whyNotScalable(service('app', [{ Type: 'bind', Target: '/var/www/uploads' }]))).toMatch(/keeps data in \/var\/www\/uploads/);
    expect(whyNotScalable(service('db'))).toMatch(/database runs once/);
    expect(whyNotScalable(service('cache'))).toMatch(/a cache of this role runs once/);
    expect(whyNotScalable(service('worker', [], true))).toBe('a job runs once');
  });
});
