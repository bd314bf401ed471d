// A scheduled backup that did not run, or did not report, by its deadline is said in the ops channel: the
// scheduler knows when each job was last due and whether a run for that time started and is still going.
import { previousDue } from './config.js';
import type { JobView } from './scheduler.js';

export interface Overdue {
  job: string;
  /** When the run was due. */
  due: number;
  /** due + grace: when it should have reported. */
  deadline: number;
}

/** Backup jobs (their command starts with `backup`) whose last due run has not reported within `graceMs`. */
export function overdueBackups(jobs: readonly JobView[], now: number, graceMs: number): Overdue[] {
  const out: Overdue[] = [];
  for (const j of jobs) {
    if (j.paused || !/^backup\b/i.test(j.command.trim())) continue;
    const due = previousDue(j.cron, j.tz, now);
    if (due === undefined || due < j.createdAt || now < due + graceMs) continue;
    const started = j.lastDueAt !== undefined && j.lastDueAt >= due;
    // not started for that time (bot down, job skipped), or started and still not done by the deadline
    if (!started || j.running) out.push({ job: j.name, due, deadline: due + graceMs });
  }
  return out;
}
