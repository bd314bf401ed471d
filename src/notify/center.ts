// The notification center: webhooks and Summoner's own events → recipes → durable outbox → chat, commands,
// forwards. The composition root builds one and gives it the store, the chat port and the robot.
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { HttpServer } from '../http/server.js';
import type { Store } from '../robot/store.js';
import type { ChatPort, Outbound, SystemInvocation, SystemOutcome } from '../robot/types.js';
import type { NotifyConfig } from './config.js';
import { describeEvent, type EventBus, type SummonerEvent } from '../core/events.js';
import { createCounters, type Counters } from './metrics.js';
import { createOutboxWorker } from './outbox.js';
import { openOutboxStore, type DeadLetter, type DeadLetterSelection, type NewEvent, type NewOutboxRow, type OutboxRow } from './outbox-store.js';
import { matches, plan, RecipeError, type IncomingEvent, type PlannedAction, type Recipe } from './recipes.js';
import { hookOfPath, mountWebhooks, type AcceptResult } from './webhooks/routes.js';
import { genericPost, renderBuiltin, type BuiltinResult } from './builtins/index.js';
import { builtinOn, explainChain, type ExplainLine } from './chain.js';
import { plainText } from './plain.js';
import { checkDestinations, destinationsOf, type DestinationCheck } from './destinations.js';

/** An event name as a metric label: sender event names are short words; anything else is `other`. */
const eventLabel = (event: string) => (/^[a-z][a-z0-9_.]{0,40}$/.test(event) ? event : 'other');

export interface NotifyCenterOptions {
  config: NotifyConfig;
  /** Hook secrets by hook name. */
  hookSecrets: Readonly<Record<string, string>>;
  opsChannel: string;
  store: Store;
  chat: ChatPort;
  /** The robot's door for system principals: recipe commands run as `recipe:<name>`, checked at every run. */
  robot: { invokeAsSystem(inv: SystemInvocation): Promise<SystemOutcome>; seen(id: string): boolean };
  log: Logger;
  http?: HttpServer;
  events?: EventBus;
  counters?: Counters;
  now?: () => number;
}

export interface NotifyCenter {
  readonly counters: Counters;
  readonly recipes: readonly Recipe[];
  /** Match, render and store an event; resolves once it is durable (the moment a sender may get its 2xx). */
  accept(e: IncomingEvent): Promise<AcceptResult>;
  /** What a recipe would do with this payload, without doing it (`recipes try`). */
  tryRecipe(name: string, e: Omit<IncomingEvent, 'source' | 'hook'> & { hook?: string }): PlannedAction[];
  /** Which recipe would act on an event at a hook, and why (`recipes explain`). */
  explain(hook: string, event: string): ExplainLine[];
  /** Outbox entries by state (pending, delivered, failed). */
  outbox(): Record<string, number>;
  /** Outbox entries per lane (channel or forward URL) and state. */
  outboxByLane(): Record<string, Record<string, number>>;
  /** Entries refused for good or given up, oldest first (the `outbox` command). */
  deadLetters(limit?: number): DeadLetter[];
  /** Puts dead letters back in their lanes and delivers them again; returns how many. */
  retryDeadLetters(which: DeadLetterSelection): Promise<number>;
  /** Deletes dead letters; returns how many. */
  dropDeadLetters(which: DeadLetterSelection): Promise<number>;
  /** Forgets delivery ids and finished entries older than a week (a daily built-in job). */
  prune(): number;
  /**
   * Every channel the recipes, hooks and ops name, checked through the chat (exists, the bot is a member).
   * Throws one line naming every recipe with a bad channel; says (and returns) what cannot be checked.
   */
  checkDestinations(): Promise<DestinationCheck>;
  /** The HTTP server's refusals (404, 405, 413) on /hooks/, counted per hook. */
  onRefused(status: number, req: { path: string }): void;
  start(): void;
  stop(): Promise<void>;
}

type RowData =
  | { kind: 'post'; channel: string; out: Outbound }
  | { kind: 'command'; channel: string; text: string; principal: string; verb?: string; destructive?: boolean }
  | { kind: 'forward'; url: string; body: string; contentType: string };

const SEVERITY = ['good', 'warning', 'danger'];
/** A coalesced post takes the most severe colour of its lines (a failure in a batch of successes shows red). */
function worstColor(outs: readonly Outbound[]): { color?: string } {
  let worst: string | undefined;
  for (const x of outs) if (x.color && (worst === undefined || SEVERITY.indexOf(x.color) > SEVERITY.indexOf(worst))) worst = x.color;
  return worst ? { color: worst } : {};
}

/** A forward target's answer, with its status (a 404 or 410 is permanent: a dead letter at once). */
class ForwardError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** An identical body sent with a token within this window (one slot, 10 to 20 minutes in all) is the sender's retry. */
const RETRY_WINDOW_MS = 10 * 60_000;

export function createNotifyCenter(o: NotifyCenterOptions): NotifyCenter {
  const { log } = o;
  const nowMs = o.now ?? Date.now;
  const counters = o.counters ?? createCounters();
  const store = openOutboxStore(o.store.sqlite, o.now);
  const recipes = o.config.recipes;

  const worker = createOutboxWorker({
    store,
    log,
    counters,
    maxAttempts: o.config.maxAttempts,
    concurrency: o.config.deliveryConcurrency,
    coalesce: o.config.coalesce,
    deliver: (rows) => deliver(rows),
    onDeadLetter: (row, error) => announceDeadLetter(row, error),
  });

  // A lane whose deliveries are refused for good is said once (not per event, and never about ops itself: that
  // would loop), as the event `notify.dead_letter`: recipes may route it; by default it goes to ops. The rows
  // wait as dead letters.
  const announced = new Set<string>();
  function announceDeadLetter(row: OutboxRow, error: string): void {
    if (row.lane === o.opsChannel || announced.has(row.lane)) return;
    announced.add(row.lane);
    const payload: SummonerEvent = { type: 'notify.dead_letter', lane: row.lane.startsWith('forward:') ? 'a forward URL' : row.lane, recipe: row.recipe, error: error.slice(0, 200).replace(/[.\s]+$/, '') };
    accept({ source: 'summoner', hook: 'summoner', event: payload.type, deliveryId: `dead-letter:${row.lane}:${row.id}`, payload }).catch((err: unknown) => log.error({ err }, 'could not announce a dead letter'));
  }

  /** The default post of a dead letter: the channel link is ours to write; the name and the error are plain text. */
  function deadLetterPost(e: Extract<SummonerEvent, { type: 'notify.dead_letter' }>): Outbound {
    const where = e.lane === 'a forward URL' ? e.lane : `~${plainText(e.lane.replace(/^~/, ''))}`;
    return { text: `:warning: Notifications for ${where} (recipe ${plainText(e.recipe)}) are refused: ${plainText(e.error)}. They are kept as dead letters; fix the channel or the recipe.`, color: 'danger' };
  }

  async function deliver(rows: readonly OutboxRow[]): Promise<void> {
    const row = rows[0]!;
    const d = JSON.parse(row.data) as RowData;
    switch (d.kind) {
      case 'post': {
        // The batch id (the first row's) is the post's idempotency key: a post made just before a crash is
        // not made twice, and a batch is always resent with the same rows.
        const outs = rows.map((r) => (JSON.parse(r.data) as Extract<RowData, { kind: 'post' }>).out);
        const out: Outbound = outs.length === 1 ? outs[0]! : { text: outs.map((x) => x.text).join('\n'), ...worstColor(outs) };
        await o.chat.send(d.channel, { ...out, key: `outbox-${row.batch ?? row.id}` });
        return;
      }
      case 'command': {
        // The message id makes it run at most once, even if the bot dies before the row is marked delivered.
        // Delivered means taken by the robot (claimed, as a chat message is): a long command (a backup) must not
        // hold a delivery slot, and its answer comes from the robot like any command's.
        const id = `outbox:${row.id}`;
        const run = o.robot.invokeAsSystem({
          id,
          principal: { kind: 'recipe', name: d.principal.replace(/^recipe:/, '') },
          text: d.text,
          channel: d.channel,
          // Rows stored by an older version carry no declaration: they run only what is not destructive.
          command: d.verb ?? d.text.trim().split(/\s+/)[0]!.toLowerCase(),
          destructive: d.destructive === true,
        });
        run.catch((err: unknown) => log.error({ err, recipe: row.recipe }, 'recipe command failed'));
        if (!o.robot.seen(id)) throw new Error('the robot is not taking commands (stopping?)');
        return;
      }
      case 'forward': {
        const res = await fetch(d.url, {
          method: 'POST',
          headers: { 'content-type': d.contentType, 'user-agent': 'Summoner' },
          body: d.body,
          signal: AbortSignal.timeout(15_000),
        });
        await res.body?.cancel();
        if (!res.ok) throw new ForwardError(`${d.url} answered ${res.status}`, res.status);
        return;
      }
    }
  }

  /** (hook, event) pairs already logged as dropped: the first of each is said at info level, not every one. */
  const droppedSaid = new Set<string>();

  /** The rows an event asks for, and, when there are none, why (the sender's answer says it). */
  function rowsFor(e: IncomingEvent): { rows: NewOutboxRow[]; why?: string } {
    const rows: NewOutboxRow[] = [];
    const whys: string[] = [];
    const add = (recipe: string, a: PlannedAction) => {
      const data: RowData =
        a.kind === 'post'
          ? { kind: 'post', channel: a.channel, out: a.out }
          : a.kind === 'command'
            ? { kind: 'command', channel: a.channel, text: a.text, principal: `recipe:${recipe}`, verb: a.verb, destructive: a.destructive }
            : { kind: 'forward', url: a.url, body: a.body, contentType: a.contentType };
      rows.push({ lane: a.kind === 'forward' ? `forward:${a.url}` : a.channel, kind: a.kind, data: JSON.stringify(data), recipe });
    };
    // The chain (src/notify/chain.ts): recipes in order, each matching one acts, `stop: true` ends it; then
    // the hook's built-in; then its `otherwise`.
    let acted = false;
    let stopped = false;
    for (const r of recipes) {
      if (!matches(r, e)) continue;
      acted = true;
      try {
        for (const a of plan(r, e, { channel: o.opsChannel })) add(r.name, a);
      } catch (err) {
        // A value unfit for a command (or a template that fails on this payload) skips this recipe only.
        counters.inc('notify_recipe_errors_total', { recipe: r.name });
        const error = err instanceof RecipeError ? err.message : String(err);
        log.warn({ recipe: r.name, error }, 'recipe skipped for this event');
        whys.push(`recipe ${r.name} could not be applied to this event: ${error}`);
      }
      if (r.stop) {
        stopped = true;
        break;
      }
    }
    if (e.source === 'summoner') {
      const ev = e.payload as SummonerEvent;
      // offsite.* are for recipes that want them: by default the backup's own post (backup.done) already says
      // how its off-site copy went, and one backup is one post
      if (!acted && (o.config.defaultRecipe || ev.type === 'notify.dead_letter') && ev.type !== 'offsite.done' && ev.type !== 'offsite.failed')
        add(ev.type === 'notify.dead_letter' ? 'dead-letter' : 'default', { kind: 'post', channel: o.opsChannel, out: ev.type === 'notify.dead_letter' ? deadLetterPost(ev) : describeEvent(ev) });
      return { rows };
    }
    const hook = Object.hasOwn(o.config.hooks, e.hook) ? o.config.hooks[e.hook] : undefined;
    if (stopped || !hook) return { rows, why: whys.join('; ') || undefined };
    const channel = hook.channel ?? o.opsChannel;
    if (builtinOn(hook, e.event) === 'on') {
      let r: BuiltinResult;
      try {
        r = renderBuiltin(hook.source, e.event, e.payload);
      } catch (err) {
        // a payload shaped like nothing documented: the event is still counted below, never a 5xx
        log.warn({ hook: e.hook, event: e.event, err }, 'built-in recipe failed on this payload');
        r = { kind: 'uncovered' };
      }
      counters.inc('notify_builtin_total', { hook: e.hook, outcome: r.kind === 'post' ? 'posted' : r.kind });
      if (r.kind === 'post') add(`builtin:${eventLabel(e.event)}`, { kind: 'post', channel, out: r.post });
      if (r.kind === 'quiet') whys.push(`the ${hook.source} built-in for ${e.event} keeps this one quiet: it posts outcomes (a run finished, a release published), not every step (queued, running, drafts, edits)`);
      if (r.kind !== 'uncovered') acted = true;
    }
    if (!acted) {
      counters.inc('notify_unhandled_total', { hook: e.hook, event: eventLabel(e.event) });
      if (hook.otherwise === 'generic') add('otherwise', { kind: 'post', channel, out: genericPost(e.hook, e.event, e.payload) });
      else {
        whys.push(`no recipe or built-in acts on ${hook.source} event ${e.event}: counted (notify_unhandled_total) and dropped; otherwise: generic on the hook posts such events`);
        // said once per hook and event at info (a sender's every star or wiki edit would flood the log)
        const key = `${e.hook}\u0000${e.event}`;
        if (!droppedSaid.has(key) && droppedSaid.size < 1000) {
          droppedSaid.add(key);
          log.info({ hook: e.hook, event: e.event }, 'no recipe or built-in for this event: dropped (said once per hook and event)');
        } else log.debug({ hook: e.hook, event: e.event }, 'no recipe or built-in for this event: dropped');
      }
    }
    return { rows, why: whys.join('; ') || undefined };
  }

  // Events accepted within a couple of milliseconds are stored together, in one commit: a commit rewrites the
  // same hot pages each time, so fewer, larger ones cost far less under a burst. Nobody is answered before it.
  const ACCEPT_WINDOW_MS = o.config.acceptWindowMs;
  let queued: (NewEvent & { done: (r: AcceptResult | Error) => void })[] = [];
  /** Cancels the flush to come, if one is scheduled. */
  let flushScheduled: (() => void) | undefined;

  function flush(): void {
    flushScheduled = undefined;
    const batch = queued;
    queued = [];
    const lanes = new Set<string>();
    const results = store.acceptMany(batch).map((added): AcceptResult | Error => {
      if (added instanceof Error || added === undefined) return added ?? { status: 'duplicate' };
      for (const r of added) lanes.add(r.lane);
      return { status: 'accepted', actions: added.length };
    });
    store.committed().then(
      () => {
        batch.forEach((q, i) => q.done(results[i]!));
        for (const lane of lanes) worker.kick(lane);
      },
      (err: unknown) => batch.forEach((q) => q.done(err instanceof Error ? err : new Error(String(err)))),
    );
  }

  /**
   * The keys an event is a duplicate by. The sender's delivery id, a week. The body's hash: a signed request
   * replayed under a new delivery id is the same body, refused for a week too. A body sent with a token (no
   * signature) and no id of the sender's (Healthchecks, Uptime Kuma, Alertmanager: ours is then the body's
   * hash) is a retry only within RETRY_WINDOW_MS (the key of its time slot and of the one before: 10 to 20
   * minutes): the same text later is a new event (a check down again), and a replay guard would add nothing
   * (the token lets its holder send any body).
   */
  function bodyKeys(e: IncomingEvent): string[] {
    const hash = e.raw ? createHash('sha256').update(e.raw).digest('hex') : undefined;
    if (e.authenticatedBy !== 'token' || !hash) return hash ? [`${e.hook}:${e.deliveryId}`, `${e.hook}:body:${hash}`] : [`${e.hook}:${e.deliveryId}`];
    const slot = Math.floor(nowMs() / RETRY_WINDOW_MS);
    const retry = [`${e.hook}:body:${hash}:${slot}`, `${e.hook}:body:${hash}:${slot - 1}`];
    return e.deliveryId.startsWith('sha256:') ? retry : [`${e.hook}:${e.deliveryId}`, ...retry];
  }

  async function accept(e: IncomingEvent): Promise<AcceptResult> {
    const { rows, why } = rowsFor(e);
    if (rows.length === 0) return why ? { status: 'ignored', why } : { status: 'ignored' };
    const r = await new Promise<AcceptResult | Error>((done) => {
      const dedupe = bodyKeys(e);
      queued.push({ dedupe, rows, done });
      if (flushScheduled) return;
      // 0: the events of this event-loop turn (every request read in it) are stored together right after it,
      // without waiting: the loop is never idle while answers wait for a window to end
      if (ACCEPT_WINDOW_MS <= 0) {
        const t = setImmediate(flush);
        flushScheduled = () => clearImmediate(t);
      } else {
        const t = setTimeout(flush, ACCEPT_WINDOW_MS);
        flushScheduled = () => clearTimeout(t);
      }
    });
    if (r instanceof Error) throw r;
    return r;
  }

  if (o.http && Object.keys(o.config.hooks).length > 0) {
    mountWebhooks(o.http, { hooks: o.config.hooks, secrets: o.hookSecrets, counters, accept, log, now: o.now });
  }

  let unsubscribe: (() => void) | undefined;

  return {
    counters,
    recipes,
    accept,
    tryRecipe(name, e) {
      const r = recipes.find((x) => x.name === name);
      if (!r) throw new RecipeError(`no recipe named ${name}`);
      return plan(r, { ...e, source: r.when.source, hook: e.hook ?? r.when.hook ?? r.when.source }, { channel: o.opsChannel });
    },
    explain: (hook, event) => explainChain(o.config, hook, event),
    outbox: () => store.counts(),
    outboxByLane: () => store.countsByLane(),
    deadLetters: (limit) => store.deadLetters(limit),
    async retryDeadLetters(which) {
      const rows = store.revive(which);
      await store.committed();
      const lanes = new Set(rows.map((r) => r.lane));
      for (const lane of lanes) {
        announced.delete(lane); // refused again: said again, once
        worker.kick(lane);
      }
      return rows.length;
    },
    async dropDeadLetters(which) {
      const n = store.drop(which);
      await store.committed();
      return n;
    },
    async checkDestinations() {
      const r = await checkDestinations(o.chat, destinationsOf(o.config, o.opsChannel));
      for (const u of r.unchecked) log.warn(u);
      if (r.checked) log.info({ checked: r.checked }, 'notification channels checked');
      return r;
    },
    prune: () => store.prune(),
    onRefused(status, req) {
      const hook = hookOfPath(req.path, o.config.hooks);
      const outcome = status === 413 ? 'too_large' : status === 405 ? 'bad_method' : status === 429 ? 'client_rate_limited' : status === 408 ? 'too_slow' : 'unknown_hook';
      if (hook) counters.inc('webhook_requests_total', { hook, outcome });
    },
    start() {
      worker.start();
      unsubscribe = o.events?.on((e) =>
        accept({ source: 'summoner', hook: 'summoner', event: e.type, deliveryId: randomUUID(), payload: e }).then(() => undefined),
      );
    },
    async stop() {
      unsubscribe?.();
      if (flushScheduled) {
        flushScheduled();
        flush(); // what was accepted is stored and answered before the store closes
      }
      await worker.stop();
    },
  };
}
