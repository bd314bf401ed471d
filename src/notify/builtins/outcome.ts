// The colour of a post from the outcome it reports, the same for every sender: success green; failure, timed
// out, startup failure and error red; cancelled or skipped grey; queued, pending or running none.
import type { Outbound } from '../../robot/types.js';

export const GREEN = 'good';
export const RED = 'danger';
export const YELLOW = 'warning';
export const GREY = '#8c8c8c';

// firing/resolved/alerting/ok: Alertmanager and Grafana; up/down: monitors (Healthchecks, Uptime Kuma's words)
const GREEN_WORDS = new Set(['success', 'succeeded', 'passed', 'completed_success', 'good', 'green', 'resolved', 'up', 'ok']);
const RED_WORDS = new Set(['failure', 'failed', 'failing', 'error', 'errored', 'timed_out', 'startup_failure', 'danger', 'red', 'firing', 'alerting', 'down', 'critical', 'fatal']);
const GREY_WORDS = new Set(['cancelled', 'canceled', 'skipped', 'stale', 'neutral', 'grey', 'gray']);
const YELLOW_WORDS = new Set(['action_required', 'warning', 'yellow', 'manual']);

/** The colour for an outcome word, or undefined (running, queued, unknown: no colour). */
export function outcomeColor(word: unknown): string | undefined {
  if (typeof word !== 'string') return undefined;
  const w = word.toLowerCase();
  if (GREEN_WORDS.has(w)) return GREEN;
  if (RED_WORDS.has(w)) return RED;
  if (GREY_WORDS.has(w)) return GREY;
  if (YELLOW_WORDS.has(w)) return YELLOW;
  return undefined;
}

/**
 * A colour a user wrote (or a template rendered) in a form Mattermost draws: good, warning, danger or #rgb /
 * #rrggbb as is; an outcome word (success, failed, cancelled…) mapped; anything else undefined (no colour).
 */
export function normaliseColor(v: string): string | undefined {
  const s = v.trim();
  if (/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(s)) return s;
  return outcomeColor(s);
}

export type Post = Outbound & { text: string };

/** A post with a colour only when there is one. */
export const post = (text: string, color?: string): Post => (color ? { text, color } : { text });
