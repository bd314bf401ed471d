// Counters of the notification center (webhook requests by hook and outcome, outbox deliveries, built-ins),
// declared in the one prom-client registry that /metrics serves (src/metrics.ts): no second renderer. `get`
// reads a value back synchronously (tests, `recipes`). The values are kept here; the prom-client counters are
// declared when the registry exists (src/metrics.ts loads prom-client at the first scrape) and start at them.
import { createRequire } from 'node:module';
import type client from 'prom-client';

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

/** A registry, or a way to be handed it once it is built (Metrics.onRegistry). */
export type RegistrySource = client.Registry | ((use: (registry: client.Registry) => void) => void);

/** The counters, registered in the registry when it is there (a registry of their own when none is given: tests). */
export function createCounters(source?: RegistrySource, prefix = 'summoner_'): Counters {
  const values = new Map<string, { name: string; labels: Labels; value: number }>();
  let prom: Map<string, client.Counter<string>> | undefined;
  const attach = (registry: client.Registry): void => {
    const { Counter } = createRequire(import.meta.url)('prom-client') as typeof client;
    prom = new Map(
      Object.entries(NOTIFY_COUNTERS).map(([name, c]) => [
        name,
        // a second center on the same registry (a restart inside one process) shares the counters
        (registry.getSingleMetric(`${prefix}${name}`) as client.Counter<string> | undefined) ??
          new Counter({ name: `${prefix}${name}`, help: c.help, labelNames: [...c.labels], registers: [registry] }),
      ]),
    );
    for (const c of values.values()) prom.get(c.name)!.inc(c.labels, c.value);
  };
  if (typeof source === 'function') source(attach);
  else attach(source ?? new (createRequire(import.meta.url)('prom-client') as typeof client).Registry());
  // in the counter's declared label order (no sort per event: a webhook is counted two or three times)
  const key = (name: CounterName, labels: Labels) => {
    let k = name;
    for (const l of NOTIFY_COUNTERS[name].labels) k += `\u0000${labels[l] ?? ''}`;
    return k;
  };
  return {
    inc(name, labels, by = 1) {
      prom?.get(name)!.inc(labels, by);
      const k = key(name, labels);
      const c = values.get(k);
      if (c) c.value += by;
      else values.set(k, { name, labels: { ...labels }, value: by });
    },
    get: (name, labels) => values.get(key(name, labels))?.value ?? 0,
    snapshot: () => [...values.values()].map((c) => ({ ...c })),
  };
}
