// The health watch (a built-in job): a minion that turns unhealthy is said once, and once again when it is
// healthy again. On a real engine (a container stopped by hand): test/docker-report.test.ts.
import { describe, expect, it } from 'vitest';
import { createEventBus, describeEvent, type SummonerEvent } from '../src/core/events.js';
import type { MinionStatus } from '../src/core/services.js';
import { createHealthWatch } from '../src/notify/health-watch.js';

describe('the health watch', () => {
  it('says a minion down once, and once that it is healthy again', async () => {
    const bus = createEventBus();
    const seen: SummonerEvent[] = [];
    bus.on((e) => void seen.push(e));
    let health: MinionStatus['health'] = 'healthy';
    const status = async () => [{ app: 'wekan', state: 'running', health } as MinionStatus, { app: 'ghost', state: 'running', health: 'healthy' } as MinionStatus];
    const watch = createHealthWatch({ status, events: bus });
    expect(await watch.check()).toBe('2 app(s), 0 down');
    health = 'unhealthy';
    await watch.check();
    await watch.check();
    health = 'healthy';
    expect(await watch.check()).toBe('2 app(s), 0 down');
    await watch.check();
    expect(seen.map((e) => [e.type, 'app' in e ? e.app : ''])).toEqual([
      ['minion.unhealthy', 'wekan'],
      ['minion.recovered', 'wekan'],
    ]);
    expect(describeEvent(seen[1]!)).toEqual({ text: ':white_check_mark: wekan is healthy again', color: 'good' });
  });
});
