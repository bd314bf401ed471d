// The deploy-target port: what the one lifecycle (./lifecycle.ts) needs from where minions run. Two
// implementations: standalone containers (./containers.ts) and Swarm services (../swarm/target.ts); a
// recording fake for unit tests (test/helpers/fake-target.ts). A target knows its engine objects and nothing
// of the order of a deploy: the lifecycle decides what runs when, what is backed up, what is put back.
import type { Reporter } from '../reporting.js';
import type { SecretValues } from '../secrets.js';
import type { ContainerPlan, DeployPlan, HealthSpec } from '../types.js';

/** One running unit of a minion (a container, or a Swarm service), as the engine's labels describe it. */
export interface LiveUnit {
  name: string;
  /** LABEL.role: `app`, `db` … */
  role: string;
  labels: Record<string, string>;
  /** repository:tag it runs. */
  image: string;
  /** What a rollback pins to run the same bits again: the image id (containers) or repository:tag (Swarm). */
  pin: string;
  /** Its tasks/containers run (not stopped, not restarting). */
  running: boolean;
  /** Left aside by a swap that did not finish (containers renamed `*-prev`): never the current version. */
  aside: boolean;
}

/** What `start` hands to `waitHealthy`: which unit, and (Swarm) which generation of its tasks counts. */
export interface StartedUnit {
  name: string;
  /** Target-private details (a service id, a ForceUpdate counter); the lifecycle never reads them. */
  ref?: unknown;
}

/** The units of a swap held by the target, to be put back or released (containers: renamed aside; Swarm: specs). */
export interface HeldUnits {
  units: LiveUnit[];
  /** Target-private state. */
  state?: unknown;
}

export interface StartOptions {
  /** Extra labels on the unit (url, health, rollback pins). */
  labels: Record<string, string>;
  /** Run this image instead of the plan's (rollback pins). */
  imageOverride?: string;
  /** What the target prepared for the plan (Swarm: Docker secrets mounts). */
  prepared?: unknown;
}

export type Redact = (text: string) => string;

export interface DeployTarget {
  readonly kind: 'containers' | 'swarm';
  /** Folder name under the state dir where summons in progress are journaled (the two never read each other's). */
  readonly journalName: string;
  /** The step that starts one unit (`starting`, `creating service`). */
  readonly startKey: 'starting' | 'creatingService';
  /** Checked before anything is touched (Swarm: this node is a manager). */
  ready(): Promise<void>;
  /** The app's units, in start order (databases first). */
  live(app: string): Promise<LiveUnit[]>;
  /** The app's private networks (and, Swarm, how many other objects such as secrets) a dismiss removes. */
  leftovers(app: string): Promise<{ networks: string[]; others: number }>;
  /** Does this running unit pass its health check now (one probe)? */
  healthyNow(unit: LiveUnit): Promise<boolean>;
  /** Engine objects the plan names and the target refuses (a bridge where an overlay must be). */
  checkPlan(plan: DeployPlan): Promise<void>;
  /** Names of the plan's units and private networks as the engine will know them (for the journal). */
  namesOf(plan: DeployPlan): { units: string[]; networks: string[] };
  unitName(c: ContainerPlan): string;
  /** Pull what the plan runs (`overrides`: unit name → image to pull instead). */
  pull(plan: DeployPlan, reporter: Reporter, overrides?: Record<string, string>): Promise<void>;
  /** Create the plan's networks; returns the private ones created now. */
  ensureNetworks(plan: DeployPlan): Promise<string[]>;
  /** Anything else units need before they start (Swarm: Docker secrets). */
  prepare(plan: DeployPlan, secrets: SecretValues): Promise<unknown>;
  /** Create (or, Swarm, update in place) and start one unit. */
  start(plan: DeployPlan, c: ContainerPlan, opts: StartOptions): Promise<StartedUnit>;
  /**
   * The health gate; throws `health.*` with the unit's last lines (redacted). `signal`: the deploy failed
   * elsewhere (a unit started beside this one), so the wait is called off.
   */
  waitHealthy(unit: StartedUnit, spec: HealthSpec | undefined, redact: Redact, signal?: AbortSignal): Promise<void>;
  /** A one-shot job: wait until it exits; throws `deploy.job_failed` (with its last lines) unless it exits 0. */
  waitDone(unit: StartedUnit, timeoutS: number, redact: Redact, signal?: AbortSignal): Promise<void>;
  /** Stop a unit cleanly (a consistent cold copy); Swarm scales it to 0. */
  stop(unit: LiveUnit): Promise<void>;
  /**
   * Ask a running unit to stop without waiting for it (containers: its stop signal): its restart policy no
   * longer applies, so what it depends on may be stopped at the same time. Absent (Swarm): stop in order.
   */
  interrupt?(unit: LiveUnit): Promise<void>;
  /** Start a stopped unit again (as it was); returns what to health-gate. */
  resume(unit: LiveUnit): Promise<StartedUnit>;
  /** Restart a running unit; returns what to health-gate. */
  restart(unit: LiveUnit): Promise<StartedUnit>;
  /** Remove one unit (data stays); returns whether it existed. */
  remove(name: string): Promise<boolean>;
  /** Remove one network; returns whether it existed. */
  removeNetwork(name: string): Promise<boolean>;
  /** After a deploy or dismiss: remove what no unit uses any more (Swarm: secrets). */
  tidy(app: string): Promise<void>;
  /** After a purge deleted the app's data: forget where it was kept (Swarm: the data node's label). */
  forgetData?(app: string): Promise<void>;
  /** Before a swap stops them: remember the units as they run, so they can be put back (Swarm: their specs). */
  hold(units: LiveUnit[]): Promise<HeldUnits>;
  /** After the backup: make room for the new units under the same names (containers: renamed `*-prev`). */
  setAside(held: HeldUnits): Promise<void>;
  /** A swap failed: remove or stop what it started (`planned`: every unit name the plan has). */
  discard(started: StartedUnit[], held: HeldUnits, planned: string[]): Promise<void>;
  /** Put held units back as they were and start them (not jobs: they ran once); returns what to health-gate. */
  putBack(held: HeldUnits): Promise<StartedUnit[]>;
  /** The swap succeeded: drop what was held. */
  release(held: HeldUnits): Promise<void>;
  /** Is the engine there (recovery after it was lost)? */
  ping(): Promise<unknown>;
}
