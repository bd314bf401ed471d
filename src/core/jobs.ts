// One operation at a time per minion: a per-app serial queue. A second `summon wekan` or a `backup wekan`
// during a deploy waits (and says so) instead of racing.

export interface JobInfo {
  app: string;
  label: string;
  startedAt: Date;
}

export class JobQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly running = new Map<string, JobInfo>();
  private readonly waiting = new Map<string, JobInfo[]>();

  /** What runs for this app now, if anything. */
  current(app: string): JobInfo | undefined {
    return this.running.get(app);
  }

  /** Jobs queued behind the current one. */
  queued(app: string): readonly JobInfo[] {
    return this.waiting.get(app) ?? [];
  }

  /**
   * Run `work` once every earlier job for `app` has settled. If it has to wait, `onWait` is called once,
   * at once, with e.g. "waiting for summon wekan to finish". A failing job does not block the next.
   */
  async run<T>(app: string, label: string, work: () => Promise<T>, onWait?: (text: string) => void): Promise<T> {
    const before = this.tails.get(app);
    const info: JobInfo = { app, label, startedAt: new Date() };
    if (before) {
      const cur = this.running.get(app);
      const q = this.waiting.get(app) ?? [];
      const last = q[q.length - 1] ?? cur;
      q.push(info);
      this.waiting.set(app, q);
      try {
        onWait?.(`waiting for ${last?.label ?? 'another operation'} to finish`);
      } catch {
        /* the reporter's problem */
      }
    }
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = (before ?? Promise.resolve()).then(() => mine);
    this.tails.set(app, tail);
    if (before) await before;
    if (before) {
      const q = this.waiting.get(app) ?? [];
      const i = q.indexOf(info);
      if (i >= 0) q.splice(i, 1);
      if (!q.length) this.waiting.delete(app);
    }
    info.startedAt = new Date();
    this.running.set(app, info);
    try {
      return await work();
    } finally {
      this.running.delete(app);
      release();
      if (this.tails.get(app) === tail) this.tails.delete(app);
    }
  }

  /** Resolves when nothing is running or queued for any app (for shutdown). */
  async idle(): Promise<void> {
    while (this.tails.size) await Promise.allSettled([...this.tails.values()]);
  }
}
