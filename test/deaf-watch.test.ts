// A deaf bot heals (src/health/deaf.ts): unhealthy for health.exitAfterS, it leaves a marker and asks to exit;
// healthy again, the timer starts over; the next start announces the restart once the chat takes posts.
// The clock and the probe are injected; the marker is a real file. The container path (the restart policy
// bringing it back) is test/docker-production.test.ts.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backFromDeafText, createDeafWatch, deafMarkerPath, readDeafMarker, type DeafMarker, type Probe } from '../src/health/deaf.js';
import { configSchema } from '../src/config/schema.js';
import { tmpDir } from './helpers/robot.js';

function watch(o: { exitAfterS?: number; announce?: (m: DeafMarker) => Promise<boolean> } = {}) {
  const dir = tmpDir('summoner-deaf-');
  let now = Date.parse('2026-12-01T10:00:00Z');
  let probe: Probe = { healthy: true, detail: 'ok' };
  const deaf: DeafMarker[] = [];
  const announced: DeafMarker[] = [];
  const w = createDeafWatch({
    stateDir: dir,
    exitAfterS: o.exitAfterS ?? 60,
    checkEveryMs: 1000,
    probe: async () => probe,
    onDeaf: (m) => deaf.push(m),
    announce: o.announce ?? (async (m) => (announced.push(m), true)),
    now: () => now,
  });
  return {
    dir,
    w,
    deaf,
    announced,
    set: (p: Probe) => (probe = p),
    tick: async (s: number) => {
      now += s * 1000;
      await w.check();
    },
  };
}

describe('the deaf watch', () => {
  it('defaults to 300 s, checked every 10 s', () => {
    expect(configSchema.parse({}).health).toEqual({ exitAfterS: 300, checkEveryS: 10 });
  });

  it('asks to exit once after exitAfterS unhealthy, leaving an owner-only marker that says why and since when', async () => {
    const t = watch({ exitAfterS: 60 });
    t.set({ healthy: false, detail: 'chat down (socket closed)' });
    await t.tick(0);
    await t.tick(59);
    expect(t.deaf).toEqual([]);
    await t.tick(1);
    expect(t.deaf).toHaveLength(1);
    await t.tick(10);
    expect(t.deaf).toHaveLength(1);
    const m = readDeafMarker(t.dir)!;
    expect(m).toEqual({ since: '2026-12-01T10:00:00.000Z', exitedAt: '2026-12-01T10:01:00.000Z', detail: 'chat down (socket closed)' });
    expect(fs.statSync(deafMarkerPath(t.dir)).mode & 0o777).toBe(0o600);
  });

  it('starts over when health comes back in time; 0 never exits', async () => {
    const t = watch({ exitAfterS: 60 });
    t.set({ healthy: false, detail: 'engine unreachable at /var/run/docker.sock' });
    await t.tick(0);
    await t.tick(50);
    t.set({ healthy: true, detail: 'ok' });
    await t.tick(5);
    t.set({ healthy: false, detail: 'engine unreachable at /var/run/docker.sock' });
    await t.tick(5);
    await t.tick(50);
    expect(t.deaf).toEqual([]);
    await t.tick(10);
    expect(t.deaf).toHaveLength(1);

    const never = watch({ exitAfterS: 0 });
    never.set({ healthy: false, detail: 'chat down' });
    for (let i = 0; i < 10; i++) await never.tick(3600);
    expect(never.deaf).toEqual([]);
  });

  it('announces a previous deaf exit once healthy, and keeps the marker until the announcement is posted', async () => {
    let chatUp = false;
    const posted: DeafMarker[] = [];
    const t = watch({ announce: async (m) => (chatUp ? (posted.push(m), true) : Promise.reject(new Error('chat down'))) });
    const marker = { since: '2026-12-01T09:50:00.000Z', exitedAt: '2026-12-01T09:55:00.000Z', detail: 'chat down (socket closed)' };
    fs.writeFileSync(deafMarkerPath(t.dir), JSON.stringify(marker));
    await t.tick(1);
    expect(posted).toEqual([]);
    expect(readDeafMarker(t.dir)).toEqual(marker);
    chatUp = true;
    await t.tick(1);
    expect(posted).toEqual([marker]);
    expect(readDeafMarker(t.dir)).toBeUndefined();
    await t.tick(1);
    expect(posted).toHaveLength(1);
    expect(backFromDeafText(marker, Date.parse('2026-12-01T09:55:07Z'))).toBe(
      ':recycle: Summoner restarted after being deaf: chat down (socket closed) for 300 s (since 2026-12-01T09:50:00.000Z), so it exited and its restart policy started it again 7 s later.',
    );
  });
});
