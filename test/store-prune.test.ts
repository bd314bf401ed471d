// What the bot's state forgets, and what it keeps: handled message ids after a week, built-in jobs' successful
// runs after TICK_DAYS (node-watch alone writes one a minute on a Swarm); people's commands and failed runs stay.
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/schema.js';
import { openStore, TICK_DAYS } from '../src/robot/store.js';
import { tmpDir } from './helpers/robot.js';

const DAY = 24 * 3600 * 1000;

describe('state pruning', () => {
  it("forgets old built-in job runs and handled ids, and keeps people's commands and failures", () => {
    let clock = Date.parse('2026-10-01T00:00:00Z');
    const store = openStore(tmpDir('summoner-prune-'), () => clock, { migrations: MIGRATIONS });
    try {
      const row = (source: string, text: string, outcome: 'ok' | 'error') => {
        const id = store.startAudit({ userId: source === 'schedule' ? 'summoner' : 'u1', userName: 'x', channelId: 'ops', source, messageId: `m${clock}-${text}`, text });
        store.finishAudit(id, { outcome });
      };
      row('schedule', '(built-in job) node-watch', 'ok'); // old tick: goes
      row('schedule', '(built-in job) node-watch', 'error'); // old failure: stays
      row('schedule', 'backup all', 'ok'); // a schedule of the team's: stays
      row('mattermost', 'status', 'ok'); // a person: stays
      expect(store.claim('post-old')).toBe(true);
      clock += (TICK_DAYS + 1) * DAY;
      row('schedule', '(built-in job) node-watch', 'ok'); // recent tick: stays
      expect(store.claim('post-new')).toBe(true);

      expect(store.prune()).toEqual({ seen: 1, ticks: 1 });
      expect(store.seen('post-old')).toBe(false);
      expect(store.seen('post-new')).toBe(true);
      const left = store.history(10).map((e) => `${e.source} ${e.text} ${e.outcome}`);
      expect(left).toEqual(['schedule (built-in job) node-watch ok', 'mattermost status ok', 'schedule backup all ok', 'schedule (built-in job) node-watch error']);
      expect(store.prune()).toEqual({ seen: 0, ticks: 0 });
    } finally {
      store.close();
    }
  });
});
