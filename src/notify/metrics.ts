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

