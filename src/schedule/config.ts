// Scheduled jobs in the config: cron syntax (5 or 6 fields, as node-schedule reads it) and an IANA time zone.
import { createRequire } from 'node:module';
import type CronParser from 'cron-parser';
import type * as Luxon from 'luxon';
import { z } from 'zod';

const require = createRequire(import.meta.url);
let parser: typeof CronParser | undefined;
/**
 * cron-parser, required on first use: with luxon it is ~10 modules the start does not need (the scheduler
 * arms its timers after ready; a config without jobs never parses a cron expression before).
 */
function cronParser(): typeof CronParser {
  if (parser) return parser;
  // Luxon (cron-parser's date library) asks Intl for the host's locale on first use, which maps ~5 MB of ICU
  // locale data into the bot for good. Cron arithmetic needs no locale: a fixed one skips that question.
  // (Time zones named in a job still go through Intl, as they must.) Set on the copy cron-parser requires:
  // luxon's CommonJS build (an ESM import of 'luxon' is another copy, whose settings cron-parser never reads).
  (require('luxon') as typeof Luxon).Settings.defaultLocale = 'en-US';
  return (parser = require('cron-parser') as typeof CronParser);
}

export const JOB_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** The field count alone (no parse: cron-parser's first parse initialises luxon, a cost the start does not pay). */
export function cronShapeProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/).length;
  if (fields < 5 || fields > 6) return `"${cron}" is not a cron expression: it needs 5 fields (minute hour day month weekday), or 6 with seconds first`;
  return undefined;
}

/** Why a cron expression or time zone cannot be used, or undefined. */
export function cronProblem(cron: string, tz?: string): string | undefined {
  if (tz) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      return `unknown time zone ${tz} (use an IANA name such as Europe/Paris or UTC)`;
    }
  }
  const shape = cronShapeProblem(cron);
  if (shape) return shape;
  try {
    cronParser().parseExpression(cron, tz ? { tz } : {});
    return undefined;
  } catch (e) {
    return `"${cron}" is not a cron expression: ${(e as Error).message}`;
  }
}

export const scheduleSchema = z
  .object({
    name: z.string().regex(JOB_NAME, 'a job name is a lower-case word'),
    /** e.g. "0 3 * * *" (03:00 every day), "0 9 * * 1-5" (09:00 on weekdays). */
    cron: z.string().min(1),
    /** IANA time zone of the cron expression (default: the host's). */
    tz: z.string().optional(),
    /** The bot command to run, as typed in chat (e.g. `backup all`, `report`). */
    command: z.string().min(1),
    /** Where its result is posted (default: channels.ops). */
    channel: z.string().min(1).optional(),
    /** A destructive command (dismiss, update, restore, rollback, prune) runs only when this is declared. */
    destructive: z.boolean().default(false),
  })
  .strict()
  .superRefine((j, ctx) => {
    const p = cronProblem(j.cron, j.tz);
    if (p) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [j.tz && p.startsWith('unknown time zone') ? 'tz' : 'cron'], message: `job ${j.name}: ${p}` });
  });

export const schedulesSchema = z
  .array(scheduleSchema)
  .default([])
  .superRefine((jobs, ctx) => {
    const seen = new Set<string>();
    jobs.forEach((j, i) => {
      if (seen.has(j.name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'name'], message: `job ${j.name}: the name is used twice` });
      seen.add(j.name);
    });
  });

export type ScheduleConfig = z.infer<typeof scheduleSchema>;

/** The last due time at or before `now` (for catching up a run missed while the bot was down). */
export function previousDue(cron: string, tz: string | undefined, now: number): number | undefined {
  try {
    const it = cronParser().parseExpression(cron, { currentDate: new Date(now + 1), ...(tz ? { tz } : {}) });
    return it.prev().getTime();
  } catch {
    return undefined;
  }
}

export function nextDue(cron: string, tz: string | undefined, now: number): number | undefined {
  try {
    return cronParser().parseExpression(cron, { currentDate: new Date(now), ...(tz ? { tz } : {}) }).next().getTime();
  } catch {
    return undefined;
  }
}
