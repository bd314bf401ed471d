// Counters of the notification center (webhook requests by hook and outcome, outbox deliveries), in one small
// module so the /metrics endpoint (issue 7) can expose them without knowing the webhook code.
export type Labels = Readonly<Record<string, string>>;

export interface Counters {
  inc(name: string, labels: Labels, by?: number): void;
  get(name: string, labels: Labels): number;
  /** Every counter as name, labels and value (for /metrics and tests). */
  snapshot(): { name: string; labels: Labels; value: number }[];
}

export function createCounters(): Counters {
  const values = new Map<string, { name: string; labels: Labels; value: number }>();
  const key = (name: string, labels: Labels) =>
    `${name}{${Object.keys(labels)
      .sort()
      .map((k) => `${k}=${labels[k]}`)
      .join(',')}}`;
  return {
    inc(name, labels, by = 1) {
      const k = key(name, labels);
      const c = values.get(k);
      if (c) c.value += by;
      else values.set(k, { name, labels: { ...labels }, value: by });
    },
    get: (name, labels) => values.get(key(name, labels))?.value ?? 0,
    snapshot: () => [...values.values()].map((c) => ({ ...c })),
  };
}


/** The counters in Prometheus' text format, each name prefixed (appended to the /metrics page). */
export function countersToPrometheus(counters: Counters, prefix = 'summoner_'): string {
  const byName = new Map<string, { labels: Labels; value: number }[]>();
  for (const c of counters.snapshot()) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  let out = '';
  for (const [name, rows] of byName) {
    out += `# HELP ${prefix}${name} ${name.replace(/_/g, ' ')} (notification center)\n# TYPE ${prefix}${name} counter\n`;
    for (const r of rows) {
      const l = Object.entries(r.labels).map(([k, v]) => `${k}="${esc(v)}"`).join(',');
      out += `${prefix}${name}${l ? `{${l}}` : ''} ${r.value}\n`;
    }
  }
  return out;
}
