// The missed-backup alarm's rule: a scheduled `backup …` job that did not start for its last time, or is still
// running, past its deadline is late; anything else is not.
import { describe, expect, it } from 'vitest';
import { overdueBackups } from '../src/schedule/deadline.js';
import type { JobView } from '../src/schedule/scheduler.js';

const H = 3_600_000;
const day = Date.UTC(2026, 10, 29); // midnight UTC
const job = (o: Partial<JobView> = {}): JobView => ({
  name: 'nightly',
  origin: 'config',
  cron: '0 3 * * *',
  tz: 'UTC',
  command: 'backup all',
  paused: false,
  createdAt: day - 30 * 24 * H,
  running: false,
  ...o,
});

describe('overdueBackups', () => {
  it('a backup job that did not start for today 03:00 is late after the grace, not before', () => {
    const yesterday = day + 3 * H - 24 * H;
    const j = job({ lastDueAt: yesterday, lastRunAt: yesterday, lastOk: true });
    expect(overdueBackups([j], day + 4 * H, 2 * H)).toEqual([]);
    expect(overdueBackups([j], day + 5 * H + 1, 2 * H)).toEqual([{ job: 'nightly', due: day + 3 * H, deadline: day + 5 * H }]);
  });

  it('one that ran for that time is not late, even if it failed (the failure is its own event)', () => {
    const j = job({ lastDueAt: day + 3 * H, lastRunAt: day + 3 * H, lastOk: false });
    expect(overdueBackups([j], day + 6 * H, 2 * H)).toEqual([]);
  });

  it('one still running past the deadline is late', () => {
    const j = job({ lastDueAt: day + 3 * H, lastRunAt: day + 3 * H, running: true });
    expect(overdueBackups([j], day + 6 * H, 2 * H).map((l) => l.job)).toEqual(['nightly']);
  });

  it('paused jobs, jobs that are not backups, and jobs created after their last time are left alone', () => {
    const now = day + 6 * H;
    expect(overdueBackups([job({ paused: true }), job({ name: 'report', command: 'report' }), job({ createdAt: day + 4 * H })], now, 2 * H)).toEqual([]);
    expect(overdueBackups([job({ command: 'Backup wekan' })], now, 2 * H).map((l) => l.job)).toEqual(['nightly']);
  });
});
