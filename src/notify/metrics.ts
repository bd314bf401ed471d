// Counters of the notification center (webhook requests by hook and outcome, outbox deliveries, built-ins),
// declared in the one prom-client registry that /metrics serves (src/metrics.ts): no second renderer. `get`
// reads a value back synchronously (tests, `recipes`).
import client from 'prom-client';

export type Labels = Readonly<Record<string, string>>;

/** Every counter of the notification center: its name (without the summoner_ prefix), help and labels. */
export const NOTIFY_COUNTERS = {
  webhook_requests_total: { help: 'Webhook requests, by hook and outcome (accepted, duplicate, ignored, bad_signature…)', labels: ['hook', 'outcome'] },
  notify_outbox_total: { help: 'Outbox entries, by kind (post, command, forward) and outcome (delivered, retried, failed)', labels: ['kind', 'outcome'] },
  notify_recipe_errors_total: { help: 'Recipes skipped for one event (a value unfit for a command, a template failing)', labels: ['recipe'] },
  notify_builtin_total: { help: 'Built-in recipes, by hook and outcome (posted, quiet: seen and deliberately not posted)', labels: ['hook', 'outcome'] },
  notify_unhandled_total: { help: 'Events no recipe or built-in acted on, by hook and event (posted in the generic form where the hook asks)', labels: ['hook', 'event'] },
} as const;
export type CounterName = keyof typeof NOTIFY_COUNTERS;

export interface Counters {
  inc(name: CounterName, labels: Labels, by?: number): void;
  get(name: CounterName, labels: Labels): number;
  /** Every counter as name, labels and value (for tests). */
  snapshot(): { name: string; labels: Labels; value: number }[];
}

/** The counters, registered in `registry` (a registry of their own when none is given: tests). */
export function createCounters(registry: client.Registry = new client.Registry(), prefix = 'summoner_'): Counters {
  const prom = new Map<string, client.Counter<string>>(
    Object.entries(NOTIFY_COUNTERS).map(([name, c]) => [
      name,
      // a second center on the same registry (a restart inside one process) shares the counters
      (registry.getSingleMetric(`${prefix}${name}`) as client.Counter<string> | undefined) ??
        new client.Counter({ name: `${prefix}${name}`, help: c.help, labelNames: [...c.labels], registers: [registry] }),
    ]),
  );
  const values = new Map<string, { name: string; labels: Labels; value: number }>();
  const key = (name: string, labels: Labels) =>
    `${name}{${Object.keys(labels)
      .sort()
      .map((k) => `${k}=${labels[k]}`)
      .join(',')}}`;
  return {
    inc(name, labels, by = 1) {
      prom.get(name)!.inc(labels, by);
      const k = key(name, labels);
      const c = values.get(k);
      if (c) c.value += by;
      else values.set(k, { name, labels: { ...labels }, value: by });
    },
    get: (name, labels) => values.get(key(name, labels))?.value ?? 0,
    snapshot: () => [...values.values()].map((c) => ({ ...c })),
  };
}
