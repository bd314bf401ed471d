// A deaf bot heals: Docker's restart policies ignore health, so a bot that stays unhealthy (chat down, engine
// unreachable) for `health.exitAfterS` exits non-zero and its policy (`restart: unless-stopped`) starts it again.
// Before it exits it leaves a marker in the state folder; the next start announces in ops that it restarted
// after being deaf, once the chat takes posts again.
import fs from 'node:fs';
import path from 'node:path';

/** Exit code of a deaf bot (EX_TEMPFAIL: try again later). */
export const DEAF_EXIT_CODE = 75;

export interface DeafMarker {
  /** When it became unhealthy, and when it gave up (ISO). */
  since: string;
  exitedAt: string;
  /** What was wrong, as the health probe said it. */
  detail: string;
}

export const deafMarkerPath = (stateDir: string): string => path.join(stateDir, 'deaf-exit.json');

export function readDeafMarker(stateDir: string): DeafMarker | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(deafMarkerPath(stateDir), 'utf8')) as Partial<DeafMarker>;
    return typeof m.since === 'string' && typeof m.exitedAt === 'string' ? { since: m.since, exitedAt: m.exitedAt, detail: String(m.detail ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

export function clearDeafMarker(stateDir: string): void {
  fs.rmSync(deafMarkerPath(stateDir), { force: true });
}

/** The announcement of a bot back from a deaf exit. */
export function backFromDeafText(m: DeafMarker, now: number): string {
  const deafS = Math.round((Date.parse(m.exitedAt) - Date.parse(m.since)) / 1000);
  const downS = Math.max(0, Math.round((now - Date.parse(m.exitedAt)) / 1000));
  return `:recycle: Summoner restarted after being deaf: ${m.detail} for ${deafS} s (since ${m.since}), so it exited and its restart policy started it again ${downS} s later.`;
}

export interface Probe {
  healthy: boolean;
  detail: string;
}

export interface DeafWatchOptions {
  stateDir: string;
  /** Seconds unhealthy before exiting; 0 never exits. */
  exitAfterS: number;
  checkEveryMs: number;
  probe(): Promise<Probe>;
  /** Called once, after the marker is written: stop (bounded) and exit with DEAF_EXIT_CODE. */
  onDeaf(marker: DeafMarker): void;
  /** Called while healthy when a marker from a previous run is still there; resolves true once posted. */
  announce(marker: DeafMarker): Promise<boolean>;
  now?: () => number;
}

export interface DeafWatch {
  start(): void;
  stop(): void;
  /** One check (the timer calls it; tests too). */
  check(): Promise<void>;
}

export function createDeafWatch(o: DeafWatchOptions): DeafWatch {
  const now = o.now ?? Date.now;
  let unhealthySince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let gaveUp = false;
  let checking = false;

  async function check(): Promise<void> {
    if (gaveUp || checking) return;
    checking = true;
    try {
      const p = await o.probe().catch((e: unknown) => ({ healthy: false, detail: (e as Error).message }));
      if (p.healthy) {
        unhealthySince = undefined;
        const owed = readDeafMarker(o.stateDir);
        if (owed && (await o.announce(owed).catch(() => false))) clearDeafMarker(o.stateDir);
        return;
      }
      unhealthySince ??= now();
      if (o.exitAfterS > 0 && now() - unhealthySince >= o.exitAfterS * 1000) {
        gaveUp = true;
        const marker: DeafMarker = { since: new Date(unhealthySince).toISOString(), exitedAt: new Date(now()).toISOString(), detail: p.detail };
        fs.writeFileSync(deafMarkerPath(o.stateDir), `${JSON.stringify(marker)}\n`, { mode: 0o600 });
        o.onDeaf(marker);
      }
    } finally {
      checking = false;
    }
  }

  return {
    start() {
      timer = setInterval(() => void check(), o.checkEveryMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    check,
  };
}
