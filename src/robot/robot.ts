// The robot: one door for every adapter. receive → dedupe by message id → per-channel order →
// parse → permission → propose (destructive) or execute → reply, with every step audited.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AnyCommand, CommandContext, Progress, RobotInfo, ServiceBag, UserInfo, VetResult } from './command.js';
import { isSummonerError, SummonerError } from '../errors.js';
import { parseCommand, quote, type Grammar, type ParsedCommand, type TypeResolver } from './grammar/parse.js';
import { escapeMarkdown } from './markdown.js';
import { canRun, userInfo, whoCanRun, type AccessConfig } from './permissions.js';
import { builtinTypes, WORD } from './resolvers.js';
import { CONFIDENT, explanation, understand, type Explanation, type Question } from './understand/index.js';
import { normalise } from './understand/words.js';
import { takesBackOnly } from './understand/hold-words.js';
import { langOf, messages, type Lang } from '../i18n/messages.js';
import { replies } from '../i18n/replies.js';
import type { Proposal, Store } from './store.js';
import type {
  ButtonClick,
  ChatPort,
  ClickAnswer,
  InboundMessage,
  Outbound,
  OutcomeReader,
  RobotPort,
  RunOutcome,
  SentPost,
  SystemInvocation,
  SystemOutcome,
} from './types.js';

export interface RobotOptions {
  commands: readonly AnyCommand[];
  /** Extra argument types (e.g. `minion`), registered by the composition root. */
  types?: ReadonlyMap<string, TypeResolver>;
  store: Store;
  access: AccessConfig;
  confirmTimeoutMs: number;
  /** Built fully before the robot (commands/services.ts types it); never changed after. */
  services: ServiceBag;
  /** The refusal for a command whose `needs` names a service the bag lacks (default: a plain `service.unavailable`). */
  absent?: (need: string) => Error;
  log: Logger;
  version: string;
  /** Minimum interval between two edits of a progress post. */
  progressIntervalMs?: number;
  /** A command still running after this long gets an acknowledgement (a reaction): a fast answer is its own. */
  ackAfterMs?: number;
  now?: () => number;
  /** App names sentences may mention (the catalog's); default: none. */
  apps?: () => readonly string[];
  /** What each catalog app is for (its description): an app called by it is offered when a request asks which app. */
  described?: () => ReadonlyMap<string, string>;
  /** The apps summoned here, read when a question about a summoned app is asked (`logs`: which app?). */
  summoned?: () => Promise<readonly string[]>;
  /** The language of users whose messages carry no locale (the shell: from LANG). */
  lang?: Lang;
}

const YES = /^(y|yes|yep|yeah|confirm|confirmed|go ahead|do it|oui|ouais|vas-y|confirme|d'accord|ok)[.!]*$/i;
const NO = /^(n|no|nope|cancel|abort|non|annule|annuler)[.!]*$/i;

/** A question asked in a thread, waiting for its answer (a word in the thread, or a button). */
interface OpenQuestion extends Question {
  /** Its options are listed with numbers (a proposal's question): a number answers too. */
  numbered?: boolean;
  id: string;
  userId: string;
  channelId: string;
  threadId?: string;
  lang: Lang;
  expiresAt: number;
}

/** How long a question waits for the list of summoned apps it offers before it offers the catalog's. */
const SUMMONED_READ_MS = 2000;

/** The promise's value, or a rejection after `ms`. */
function withinMs<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Per user and thread: the last command and the open question (bounded, newest kept). */
const THREAD_MEMORY = 1000;

/** What a message finally ran: the audit row of the command (for a "yes": the confirmed command's) and its outcome. */
export class Robot implements RobotPort, OutcomeReader {
  private chat?: ChatPort;
  /** message id → what it ran (the newest few hundred; the one-shot shell and the control socket read it). */
  private readonly ran = new Map<string, RunOutcome>();
  private readonly commands: readonly AnyCommand[];
  private readonly grammar: Grammar;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly names = new Map<string, string>();
  private readonly lastCommand = new Map<string, { canonical: string }>();
  private readonly questions = new Map<string, OpenQuestion>();
  private accepting = true;
  private readonly now: () => number;
  readonly startedAt = new Date();

  constructor(private readonly o: RobotOptions) {
    this.commands = validateCommands(o.commands);
    const types = builtinTypes(() => this.commands);
    for (const [k, v] of o.types ?? []) types.set(k, v);
    this.grammar = { commands: this.commands, types };
    this.now = o.now ?? Date.now;
  }

  attach(chat: ChatPort): void {
    this.chat = chat;
  }

  seen(id: string): boolean {
    return this.o.store.seen(id);
  }

  /** Stop taking commands and wait (bounded) for the ones running. */
  async stop(deadlineMs = 10_000): Promise<void> {
    this.accepting = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.race([Promise.allSettled([...this.chains.values()]), new Promise((r) => setTimeout(r, deadlineMs).unref())]);
  }

  /**
   * The outcome of what message `id` finally ran: for a command, its own row; for a "yes", the confirmed
   * command's row and outcome (not the confirmation's). undefined for a message not handled here.
   */
  outcomeOf(id: string): RunOutcome | undefined {
    return this.ran.get(id);
  }

  private record(id: string, r: RunOutcome): void {
    this.ran.delete(id);
    this.ran.set(id, r);
    if (this.ran.size > 500) this.ran.delete(this.ran.keys().next().value!);
  }

  get running(): number {
    return this.chains.size;
  }

  async receive(msg: InboundMessage): Promise<void> {
    if (!this.accepting) {
      if (msg.addressed) this.say(msg, 'I am shutting down: nothing was run. Send it again in a minute.');
      return;
    }
    // Claim first: a replayed, duplicated or re-delivered message never runs twice, even across restarts.
    if (!this.o.store.claim(msg.id)) return;
    this.names.set(msg.userId, msg.userName);
    await this.serial(msg.channelId, () => this.handle(msg));
  }

  async click(click: ButtonClick): Promise<ClickAnswer> {
    if (click.context.question) return this.clickAnswer(click);
    const decision = click.context.decision;
    const p = click.context.proposal ? this.o.store.proposal(click.context.proposal) : undefined;
    if (!p || (decision !== 'yes' && decision !== 'no')) return { kind: 'private', text: 'This button no longer belongs to anything I am waiting for.' };
    if (p.userId !== click.userId) {
      // Someone else's click must not consume the asker's buttons: answer the clicker privately.
      return { kind: 'private', text: `Only ${this.nameOf(p.userId)} who asked for \`${p.canonical}\` can answer this. It is still waiting.` };
    }
    const user = userInfo(this.o.access, click.userId, click.userName, this.chat?.name ?? '');
    const msg: InboundMessage = {
      id: `${p.messageId}:confirm`,
      kind: 'channel',
      text: decision,
      userId: click.userId,
      userName: click.userName,
      channelId: p.channelId,
      threadId: p.threadId ?? undefined,
      addressed: true,
      source: this.chat?.name ?? 'unknown',
      ...(click.context.lang === 'fr' ? { locale: 'fr' } : {}),
    };
    return { kind: 'replace', out: await this.answer(msg, user, p, decision, true) };
  }

  /** A button under a question: the answer runs as if typed in the thread by the user it was asked of. */
  private async clickAnswer(click: ButtonClick): Promise<ClickAnswer> {
    const q = [...this.questions.values()].find((x) => x.id === click.context.question);
    const answer = click.context.answer;
    if (!q || !answer || !q.options.includes(answer) || this.now() > q.expiresAt) return { kind: 'private', text: 'This question is no longer open: ask again.' };
    if (q.userId !== click.userId) return { kind: 'private', text: `Only ${this.nameOf(q.userId)} can answer this question.` };
    const msg: InboundMessage = {
      id: `${q.id}:answer`,
      kind: 'channel',
      text: answer,
      userId: click.userId,
      userName: click.userName,
      channelId: q.channelId,
      threadId: q.threadId,
      addressed: true,
      source: this.chat?.name ?? 'unknown',
      ...(q.lang === 'fr' ? { locale: 'fr' } : {}),
    };
    if (!this.o.store.claim(msg.id)) return { kind: 'private', text: 'This question was already answered.' };
    void this.serial(q.channelId, () => this.handle(msg));
    return { kind: 'replace', out: { text: `${q.text}
→ **${answer}** (${click.userName})` } };
  }

  private async serial(channelId: string, work: () => Promise<void>): Promise<void> {
    const prev = this.chains.get(channelId) ?? Promise.resolve();
    const next = prev.then(work, work).catch((e: unknown) => this.o.log.error({ err: e }, 'message handling failed'));
    this.chains.set(channelId, next);
    await next;
    if (this.chains.get(channelId) === next) this.chains.delete(channelId);
  }

  /** The audit row every command starts with (the text bounded: the row is for reading, not replaying). */
  private startAudit(msg: InboundMessage): number {
    return this.o.store.startAudit({
      userId: msg.userId,
      userName: msg.userName,
      channelId: msg.channelId,
      source: msg.source,
      messageId: msg.id,
      text: msg.text.slice(0, 4000),
    });
  }

  private async handle(msg: InboundMessage): Promise<void> {
    if (!msg.addressed) {
      // a plain word in the thread of an open question answers it (no mention needed); other chatter is chatter
      const q = this.questions.get(threadKey(msg));
      if (!q || msg.integration || !answerOf(q, msg.text, this.apps(), msg.replayed)) return this.hear(msg);
    }
    const started = this.now();
    const user = userInfo(this.o.access, msg.userId, msg.userName, msg.source);
    const auditId = this.startAudit(msg);
    const finish = (f: Parameters<Store['finishAudit']>[1]) => {
      this.o.store.finishAudit(auditId, { durationMs: this.now() - started, ...f });
      this.record(msg.id, { auditId, outcome: f.outcome, ...(f.code ? { code: f.code } : {}) });
    };
    const text = msg.text.trim();

    // A post made by an integration (a webhook under someone's id, a slash response, a bot) is not its author
    // speaking: it never proposes nor confirms anything. The refusal is audited, so `history` shows it.
    if (msg.integration) {
      finish({ outcome: 'denied', code: `principal.${msg.integration}` });
      this.o.log.warn({ auditId, userId: msg.userId, channel: msg.channelId, integration: msg.integration }, 'a post made by an integration was refused');
      this.say(msg, `Posts made by ${msg.integration === 'webhook' ? 'a webhook or an integration' : 'a bot'} do not run commands (ref #${auditId}).`);
      return;
    }

    // the proposal waiting for this user's answer, bound to the user, the channel AND the thread (a "yes" elsewhere
    // confirms nothing); read from the store once, and only for a message that may answer it
    let waiting: Proposal | null | undefined;
    const pending = () => (waiting === undefined ? (waiting = this.o.store.pendingFor(msg.userId, msg.channelId, msg.threadId ?? null) ?? null) : waiting);
    // (a "yes" to an open question that offers one answer, with nothing to confirm, is that answer: below)
    const answersQuestion = () => {
      const q = this.questions.get(threadKey(msg));
      return !!q && YES.test(text) && this.now() <= q.expiresAt && !pending() && answerOf(q, text, this.apps(), msg.replayed) !== undefined;
    };
    // ("never mind", « laisse tomber »: a take-back alone is the "no" to what waits; with nothing waiting it is read below)
    const no = NO.test(text) || (takesBackOnly(text) && !!pending());
    if ((YES.test(text) || no) && !answersQuestion()) {
      const p = pending();
      if (!p) {
        finish({ outcome: 'ignored', code: 'confirm.none_pending' });
        this.say(msg, messages(this.langFor(msg)).nothingPending());
        return;
      }
      const decision = YES.test(text) && !no ? 'yes' : 'no';
      // A "yes" read from a catch-up (posted while the bot was away) was not an answer to anything the user saw
      // then: the proposal itself may come from the same catch-up, or predate a restore of the bot's state. It
      // confirms nothing; the proposal stays open for a live answer. A replayed "no" cancels: that is safe.
      if (decision === 'yes' && msg.replayed) {
        finish({ command: p.canonical, outcome: 'ignored', code: 'confirm.replayed' });
        this.o.log.warn({ auditId, userId: msg.userId, proposal: p.id }, 'a yes read from a catch-up was not taken as a confirmation');
        this.say(msg, messages(this.langFor(msg)).replayedYes(p.canonical));
        return;
      }
      const out = await this.answer(msg, user, p, decision, false);
      // the confirmation's row carries the outcome of what it ran, not "ok" for having been typed; a "no" ran nothing
      const ran = this.ran.get(msg.id);
      finish({ command: p.canonical, outcome: ran?.outcome ?? (decision === 'yes' ? 'ok' : 'declined'), ...(ran?.code ? { code: ran.code } : {}) });
      if (ran) this.record(msg.id, ran);
      if (out.text) this.say(msg, out);
      return;
    }

    const lang = this.langFor(msg);
    const t = messages(lang);
    const key = threadKey(msg);
    // an answer to the question asked in this thread (one question, one answer: anything else is a new request)
    let line = text;
    let answered = false;
    const q = this.questions.get(key);
    if (q) {
      this.questions.delete(key);
      const filled = answerOf(q, text, this.apps(), msg.replayed);
      if (filled && this.now() <= q.expiresAt) {
        line = filled;
        answered = true;
      }
    }
    const reading = { grammar: this.grammar, apps: () => this.apps(), ...(this.o.described ? { described: this.o.described } : {}), now: this.now, lang, previous: this.lastCommand.get(key) };
    let u = understand(line, reading);
    // a question that would offer the summoned apps: read them (bounded: a slow engine leaves the catalog's), ask again
    if (u.kind === 'ask' && u.question.needs === 'summoned' && this.o.summoned) {
      const summoned = await withinMs(this.o.summoned(), SUMMONED_READ_MS).catch(() => undefined);
      if (summoned) u = understand(line, { ...reading, summoned });
    }
    if (u.kind === 'invalid') {
      finish({ command: u.command?.name ?? null, outcome: u.code === 'command.invalid_args' ? 'invalid' : 'unknown', code: u.code });
      this.say(msg, `${u.message}${/[.?!]$/.test(u.message) ? '' : '.'}${u.hint ? `\n${u.hint}` : ''}`);
      return;
    }
    if (u.kind === 'unknown' || u.kind === 'ask') {
      const question: Question = u.kind === 'ask' ? u.question : { text: t.unknown(quote(text.split(/\s+/)[0] ?? text), u.examples), options: u.examples };
      finish({ command: u.kind === 'ask' ? (u.command?.name ?? null) : null, outcome: u.kind === 'ask' ? 'asked' : 'unknown', code: u.kind === 'ask' ? 'command.ask' : 'command.unknown' });
      this.ask(msg, key, question, lang);
      return;
    }
    const parsed = u.parsed;
    const cmd = parsed.command;
    const readAs = u.via !== 'exact' || answered ? t.readAs(parsed.canonical) : undefined;
    remember(this.lastCommand, key, { canonical: parsed.canonical });
    if (!canRun(user, cmd)) {
      finish({ command: cmd.name, args: parsed.args, outcome: 'denied', code: 'command.denied' });
      this.say(msg, `${readAs ? `${readAs}\n` : ''}${t.notYours(cmd.name, whoCanRun(this.o.access, cmd, (id) => this.nameOf(id)), escapeMarkdown(user.name), user.id)}`);
      return;
    }
    if (needsConfirmation(parsed)) {
      let preview: string;
      try {
        this.requireService(cmd);
        const said = replies(lang);
        const planned = cmd.proposal ? await cmd.proposal(parsed.args as never, parsed.flags, this.o.services, msg, said) : (cmd.preview?.(parsed.args as never, parsed.flags, said) ?? cmd.summary);
        if (typeof planned !== 'string' && 'ask' in planned) {
          // which one: asked in the thread, its answer read again as the command line (then proposed)
          finish({ command: cmd.name, args: parsed.args, outcome: 'asked', code: 'command.ask' });
          this.ask(msg, key, { ...planned.ask, text: `${readAs ? `${readAs}\n` : ''}${planned.ask.text}`, numbered: true }, lang);
          return;
        }
        if (typeof planned !== 'string') {
          this.say(msg, `${readAs ? `${readAs}\n` : ''}${planned.nothingToDo(replies(lang))}`);
          finish({ command: cmd.name, args: parsed.args, outcome: 'ok' });
          return;
        }
        preview = planned;
      } catch (e) {
        // nothing to confirm (no such backup, an ambiguous date): the answer is the question
        const code = isSummonerError(e) ? e.code : 'internal';
        if (isSummonerError(e)) this.say(msg, `${readAs ? `${readAs}\n` : ''}${framed(e, lang)}`);
        else {
          this.o.log.error({ err: e, auditId, command: cmd.name }, 'proposal failed');
          this.say(msg, t.internal(cmd.name, auditId));
        }
        finish({ command: cmd.name, args: parsed.args, outcome: 'error', code });
        return;
      }
      await this.propose(msg, auditId, parsed, readAs, t.destructive(parsed.canonical, preview, Math.round(this.o.confirmTimeoutMs / 1000)), lang);
      finish({ command: cmd.name, args: parsed.args, outcome: 'proposed' });
      return;
    }
    // a command with side effects read by a guess is proposed, not run
    if (cmd.sideEffects && !answered && u.confidence < CONFIDENT) {
      await this.propose(msg, auditId, parsed, undefined, t.guessed(parsed.canonical, Math.round(this.o.confirmTimeoutMs / 1000)), lang);
      finish({ command: cmd.name, args: parsed.args, outcome: 'proposed' });
      return;
    }
    const outcome = await this.execute(msg, user, auditId, parsed, readAs);
    finish({ command: cmd.name, args: parsed.args, ...outcome });
  }

  private langFor(msg: InboundMessage): Lang {
    return msg.locale ? langOf(msg.locale) : (this.o.lang ?? 'en');
  }

  private apps(): readonly string[] {
    return this.o.apps?.() ?? [];
  }

  /** One short question in the thread, its answers as buttons; the next word of the user there answers it. */
  private ask(msg: InboundMessage, key: string, question: Question & { numbered?: boolean }, lang: Lang): void {
    const id = randomBytes(9).toString('base64url');
    const expiresAt = this.now() + this.o.confirmTimeoutMs;
    const open: OpenQuestion = { ...question, id, userId: msg.userId, channelId: msg.channelId, threadId: msg.threadId ?? undefined, lang, expiresAt };
    if (question.options.length) remember(this.questions, key, open);
    this.say(msg, {
      text: question.text,
      buttons: question.options.slice(0, 5).map((o, i) => ({ id: `answer${i}`, label: o, style: 'default' as const, context: { question: id, answer: o, ...(lang === 'en' ? {} : { lang }) }, forUser: msg.userId, expiresAt })),
    });
  }

  /** What a sentence would do, for `explain` and `--explain`. */
  explain(text: string, locale?: string): Explanation {
    return explanation(understand(text, { grammar: this.grammar, apps: () => this.apps(), ...(this.o.described ? { described: this.o.described } : {}), now: this.now, lang: locale ? langOf(locale) : this.o.lang }));
  }

  private async hear(msg: InboundMessage): Promise<void> {
    if (msg.integration) return; // integrations' chatter triggers nothing
    const cmd = this.commands.find((c) => c.hear?.test(msg.text));
    if (!cmd) return;
    const user = userInfo(this.o.access, msg.userId, msg.userName, msg.source);
    if (!canRun(user, cmd) || cmd.destructive) return; // chatter never triggers anything privileged
    const started = this.now();
    const auditId = this.startAudit(msg);
    const parsed: ParsedCommand = { ok: true, command: cmd, args: { text: msg.text }, flags: new Set(), canonical: cmd.name, guessed: false, rewritten: false };
    const outcome = await this.execute(msg, user, auditId, parsed, undefined);
    this.o.store.finishAudit(auditId, { command: cmd.name, durationMs: this.now() - started, ...outcome });
  }

  private async execute(
    msg: InboundMessage,
    user: UserInfo,
    auditId: number,
    parsed: ParsedCommand,
    readAs: string | undefined,
  ): Promise<{ outcome: 'ok' | 'error'; code?: string }> {
    const ctx = this.context(msg, user, auditId, parsed, readAs);
    const chat = this.chat;
    const ack = chat?.ack
      ? setTimeout(() => void chat.ack!(msg).catch((e: unknown) => this.o.log.debug({ err: e }, 'ack failed')), this.o.ackAfterMs ?? 500)
      : undefined;
    try {
      this.requireService(parsed.command);
      const out = await parsed.command.run(ctx, parsed.args as never);
      if (out !== undefined) {
        ctx.reply(out).catch((e: unknown) => this.o.log.error({ err: e, channel: msg.channelId }, 'could not reply'));
      }
      return { outcome: 'ok' };
    } catch (e) {
      if (isSummonerError(e)) {
        if (!e.shown) this.say(msg, `${readAs ? `${readAs}\n` : ''}${framed(e, this.langFor(msg))}`);
        return { outcome: 'error', code: e.code };
      }
      this.o.log.error({ err: e, auditId, command: parsed.command.name }, 'command failed');
      const shown = !!e && typeof e === 'object' && (e as { shown?: unknown }).shown === true;
      if (!shown) this.say(msg, messages(this.langFor(msg)).internal(parsed.command.name, auditId));
      return { outcome: 'error', code: 'internal' };
    } finally {
      clearTimeout(ack);
    }
  }

  private async propose(msg: InboundMessage, auditId: number, parsed: ParsedCommand, readAs: string | undefined, prompt: string, lang: Lang = 'en'): Promise<void> {
    const t = messages(lang);
    const id = randomBytes(9).toString('base64url');
    const timeoutMs = this.o.confirmTimeoutMs;
    this.o.store.addProposal({
      id,
      auditId,
      userId: msg.userId,
      channelId: msg.channelId,
      threadId: msg.threadId ?? null,
      messageId: msg.id,
      canonical: parsed.canonical,
      expiresAt: this.now() + timeoutMs,
    });
    const langContext: Record<string, string> = lang === 'en' ? {} : { lang }; // the click answers in the asker's language (signed with the rest)
    const post = await this.safeReply(msg, {
      text: `${readAs ? `${readAs}\n` : ''}${prompt}`,
      buttons: [
        { id: 'confirm', label: t.yesButton(parsed.command.name), style: parsed.command.destructive ? 'danger' : 'primary', context: { proposal: id, decision: 'yes', ...langContext }, forUser: msg.userId, expiresAt: this.now() + timeoutMs },
        { id: 'cancel', label: t.cancelButton(), style: 'default', context: { proposal: id, decision: 'no', ...langContext }, forUser: msg.userId, expiresAt: this.now() + timeoutMs },
      ],
    });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.expire(id, post);
    }, timeoutMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async expire(id: string, post: SentPost | undefined): Promise<void> {
    const p = this.o.store.proposal(id);
    if (!p || !this.o.store.settle(id, 'expired')) return; // answered in time
    this.o.store.finishAudit(p.auditId, { command: p.canonical.split(' ')[0], outcome: 'expired', code: 'confirm.expired' });
    const text = `Expired: \`${p.canonical}\` was not confirmed within ${Math.round(this.o.confirmTimeoutMs / 1000)} s. Nothing was done.`;
    try {
      if (post) await post.update({ text });
    } catch (e) {
      this.o.log.warn({ err: e }, 'could not mark a proposal expired');
    }
  }

  /** A yes/no (typed or clicked) for proposal p. Returns what replaces the proposal. */
  private async answer(msg: InboundMessage, user: UserInfo, p: Proposal, decision: 'yes' | 'no', fromButton: boolean): Promise<Outbound> {
    if (p.state !== 'pending') return { text: `\`${p.canonical}\` was already ${p.state}.` };
    if (this.now() > p.expiresAt) {
      if (this.o.store.settle(p.id, 'expired')) this.o.store.finishAudit(p.auditId, { outcome: 'expired', code: 'confirm.expired' });
      return { text: `\`${p.canonical}\` expired before it was confirmed. Nothing was done; ask again if you still want it.` };
    }
    if (decision === 'no') {
      if (!this.o.store.settle(p.id, 'declined')) return { text: `\`${p.canonical}\` was already answered.` };
      this.o.store.finishAudit(p.auditId, { outcome: 'declined' });
      return { text: `Cancelled \`${p.canonical}\`. Nothing was done.` };
    }
    if (!this.o.store.settle(p.id, 'confirmed')) return { text: `\`${p.canonical}\` was already answered.` };
    const parsed = parseCommand(p.canonical, this.grammar);
    if (!parsed.ok) {
      this.o.store.finishAudit(p.auditId, { outcome: 'invalid', code: parsed.code });
      return { text: `\`${p.canonical}\` can no longer run: ${parsed.message}.` };
    }
    if (!canRun(user, parsed.command)) {
      this.o.store.finishAudit(p.auditId, { outcome: 'denied', code: 'command.denied' });
      return { text: `You may no longer run \`${parsed.command.name}\`.` };
    }
    const target: InboundMessage = { ...msg, threadId: p.threadId ?? msg.threadId };
    const started = this.now();
    const run = async () => {
      const outcome = await this.execute(target, user, p.auditId, parsed, undefined);
      this.o.store.finishAudit(p.auditId, { command: parsed.command.name, args: parsed.args, durationMs: this.now() - started, ...outcome });
      this.record(msg.id, { auditId: p.auditId, outcome: outcome.outcome, ...(outcome.code ? { code: outcome.code } : {}) });
    };
    // A click is answered at once (Mattermost waits on it); the command's result follows in the thread.
    if (fromButton) void this.serial(p.channelId, run);
    else await run();
    return { text: fromButton ? `Confirmed by ${user.name}: running \`${p.canonical}\`.` : '' };
  }

  private context(msg: InboundMessage, user: UserInfo, auditId: number, parsed: ParsedCommand, readAs: string | undefined): CommandContext {
    let prefixed = false;
    const withReadAs = (out: Outbound | string): Outbound => {
      const o = typeof out === 'string' ? { text: out } : out;
      if (!readAs || prefixed) return o;
      prefixed = true;
      return { ...o, text: `${readAs}\n${o.text}` };
    };
    return {
      message: msg,
      user,
      auditId,
      flags: parsed.flags,
      readAs,
      robot: this.info(),
      services: this.o.services,
      lang: this.langFor(msg),
      t: replies(this.langFor(msg)),
      reply: (out) => this.requireChat().reply(msg, withReadAs(out)),
      progress: async (initial) => this.progress(await this.requireChat().reply(msg, withReadAs(initial))),
    };
  }

  /** A command's one needed service, or its uniform refusal (thrown before anything is proposed or run). */
  private requireService(cmd: AnyCommand): void {
    if (!cmd.needs || (this.o.services as Record<string, unknown>)[cmd.needs] != null) return;
    throw this.o.absent?.(cmd.needs) ?? new SummonerError('service.unavailable', `\`${cmd.name}\` needs ${cmd.needs}, which this bot does not run`);
  }

  /** One post edited as work goes: updates are throttled and the last one always lands. */
  private progress(post: SentPost): Progress {
    const interval = this.o.progressIntervalMs ?? 1000;
    let pending: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    let last = 0;
    let chain: Promise<void> = Promise.resolve();
    const push = (text: string) => {
      chain = chain.then(() => post.update({ text })).catch((e: unknown) => this.o.log.warn({ err: e }, 'progress update failed'));
    };
    const flush = () => {
      timer = undefined;
      if (pending === undefined) return;
      last = this.now();
      push(pending);
      pending = undefined;
    };
    return {
      update: (text) => {
        pending = text;
        if (timer) return;
        const wait = Math.max(0, last + interval - this.now());
        timer = setTimeout(flush, wait);
        timer.unref();
      },
      done: async (out) => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        pending = undefined;
        const o = typeof out === 'string' ? { text: out } : out;
        chain = chain.then(() => post.update(o));
        await chain;
      },
    };
  }

  info(): RobotInfo {
    return {
      version: this.o.version,
      startedAt: this.startedAt,
      adapter: this.chat?.name ?? 'none',
      health: () => this.chat?.health() ?? { healthy: false, detail: 'no chat adapter' },
      commands: () => this.commands,
      canRun,
      whoCanRun: (cmd) => whoCanRun(this.o.access, cmd, (id) => this.nameOf(id)),
      history: (limit, opts) => this.o.store.history(limit, opts),
      jobTicksSince: (afterId) => this.o.store.jobTicksSince(afterId),
      vet: (text) => this.vet(text),
      explain: (text, locale) => this.explain(text, locale),
    };
  }

  /** What a line would run, read strictly: an exact verb (never a guess), its arguments resolved. */
  vet(text: string): VetResult {
    const parsed = parseCommand(text, this.grammar);
    if (!parsed.ok) return { ok: false, message: parsed.message, ...(parsed.command ? { command: parsed.command } : {}) };
    if (parsed.guessed) return { ok: false, message: `${quote(text)} is not a command as written (did you mean \`${parsed.canonical}\`?)`, command: parsed.command };
    return { ok: true, command: parsed.command, canonical: parsed.canonical, destructive: needsConfirmation(parsed) };
  }

  /**
   * The one door for system principals (scheduled jobs, recipe commands). The command is checked at every
   * run: it must parse exactly, be the declared verb, be destructive only if that was declared, and a job
   * added from chat may only do what its author may do now (an author who left `admins` stops its jobs).
   */
  async invokeAsSystem(inv: SystemInvocation): Promise<SystemOutcome> {
    if (!this.accepting) return { outcome: 'not_taken', code: 'robot.stopping' };
    if (!this.o.store.claim(inv.id)) return { outcome: 'not_taken', code: 'robot.duplicate' };
    const principal = `${inv.principal.kind}:${inv.principal.name}`;
    const msg: InboundMessage = {
      id: inv.id,
      kind: 'channel',
      text: inv.text,
      userId: principal,
      userName: inv.principal.onBehalfOf ? `${principal} for ${inv.principal.onBehalfOf}` : principal,
      channelId: inv.channel,
      addressed: true,
      source: inv.principal.kind,
    };
    let result: SystemOutcome = { outcome: 'not_taken' };
    await this.serial(inv.channel, async () => {
      result = await this.system(msg, inv);
    });
    return result;
  }

  private async system(msg: InboundMessage, inv: SystemInvocation): Promise<SystemOutcome> {
    const started = this.now();
    const auditId = this.startAudit(msg);
    const done = (f: Parameters<Store['finishAudit']>[1]): SystemOutcome => {
      this.o.store.finishAudit(auditId, { durationMs: this.now() - started, ...f });
      return { auditId, outcome: f.outcome, code: f.code ?? null };
    };
    const refuse = (code: string, why: string, command: string | null) => {
      this.o.log.warn({ auditId, principal: msg.userId, code }, `system command refused: ${why}`);
      this.say(msg, `:no_entry: ${msg.userId}: \`${inv.text.replace(/`/g, "'").slice(0, 200)}\` was not run: ${why} (ref #${auditId}).`);
      return done({ command, outcome: 'denied', code });
    };
    const parsed = parseCommand(inv.text, this.grammar);
    if (!parsed.ok || parsed.guessed) {
      const why = parsed.ok ? `it is not a command as written (read as \`${parsed.canonical}\`)` : parsed.message;
      return refuse('principal.invalid_command', why, parsed.command?.name ?? null);
    }
    const cmd = parsed.command;
    if (inv.command !== undefined && cmd.name !== inv.command && !(cmd.aliases ?? []).includes(inv.command)) {
      return refuse('principal.undeclared_command', `it runs \`${cmd.name}\`, not the declared \`${inv.command}\``, cmd.name);
    }
    if (needsConfirmation(parsed) && !inv.destructive) {
      return refuse('principal.undeclared_destructive', `\`${cmd.name}\` is destructive and ${msg.userId} was not declared destructive`, cmd.name);
    }
    let user: UserInfo;
    const author = inv.principal.onBehalfOf;
    if (author) {
      const a = userInfo(this.o.access, author, author, 'system');
      if (!canRun(a, cmd) || (inv.destructive && !a.isAdmin)) {
        return refuse('principal.author_not_allowed', `its author (${this.nameOf(author)}) may no longer run \`${cmd.name}\``, cmd.name);
      }
      user = { id: msg.userId, name: msg.userName, isAdmin: a.isAdmin, roles: a.roles };
    } else {
      // Declared in summoner.yml, which only an admin writes; what it may run was checked when it loaded.
      user = { id: msg.userId, name: msg.userName, isAdmin: true, roles: [] };
    }
    const outcome = await this.execute(msg, user, auditId, parsed, undefined);
    return done({ command: cmd.name, args: parsed.args, ...outcome });
  }

  private nameOf(id: string): string {
    const n = this.names.get(id);
    return n ? `@${escapeMarkdown(n.replace(/^@/, ''))} (${id})` : id;
  }

  private requireChat(): ChatPort {
    if (!this.chat) throw new Error('robot has no chat adapter attached');
    return this.chat;
  }

  /**
   * Queue a reply without waiting for its delivery: the adapter keeps replies in order per channel and retries
   * until they land, so the next message of the channel need not wait for this one's round trip.
   */
  private say(msg: InboundMessage, out: Outbound | string): void {
    void this.safeReply(msg, out);
  }

  private async safeReply(msg: InboundMessage, out: Outbound | string): Promise<SentPost | undefined> {
    try {
      return await this.requireChat().reply(msg, typeof out === 'string' ? { text: out } : out);
    } catch (e) {
      this.o.log.error({ err: e, channel: msg.channelId }, 'could not reply');
      return undefined;
    }
  }
}

/** A coded error as the user reads it: in French, what the code means first, the core's own words after. */
function framed(e: SummonerError, lang: Lang): string {
  const t = replies(lang);
  return `${t.failed(e.message, t.codes[e.code])}${e.hint ? `\n${e.hint}` : ''}`;
}

function threadKey(msg: InboundMessage): string {
  return `${msg.userId}\u0000${msg.channelId}\u0000${msg.threadId ?? ''}`;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > THREAD_MEMORY) map.delete(map.keys().next().value!);
}

/** The command line an answer completes: an option said (or an app name for an app question), else undefined. */
function answerOf(q: OpenQuestion, text: string, apps: readonly string[], replayed = false): string | undefined {
  // (file names keep their dots on both sides: compared without the punctuation that ends a sentence)
  const bare = (s: string) => normalise(s).replace(/[.!?`]+/g, '').trim();
  const said = bare(text);
  // an option said, or its number in a numbered question (`2`)
  const nth = q.numbered && /^\d{1,2}$/.test(said) ? q.options[Number(said) - 1] : undefined;
  // ("yes" to a question that offers one answer: "`restart`: which app? "kanban" sounds like wekan", "did you mean …?";
  // never a yes read from a catch-up, as it confirms nothing either)
  const only = q.options.length === 1 && !replayed && YES.test(text.trim()) ? q.options[0] : undefined;
  const option = q.options.find((o) => bare(o) === said) ?? nth ?? only;
  const value = option ?? (q.template && apps.includes(said) ? said : undefined);
  if (value === undefined) return undefined;
  return q.template ? q.template.replace('{}', value) : value;
}

/** Destructive commands, and those that ask for it for this use (`schedule add … --destructive`), are proposed first. */
function needsConfirmation(parsed: ParsedCommand): boolean {
  return !!parsed.command.destructive || !!parsed.command.confirmWhen?.(parsed.args as never, parsed.flags);
}

/** Registration checks (STYLE §1): names are safe words, no duplicate names or aliases, rest args last. */
function validateCommands(commands: readonly AnyCommand[]): readonly AnyCommand[] {
  const seen = new Map<string, string>();
  for (const c of commands) {
    if (!c.name || typeof c.run !== 'function') throw new Error(`command ${c.name || '(no name)'} has no name or no handler`);
    for (const n of [c.name, ...(c.aliases ?? [])]) {
      if (!WORD.test(n) || n !== n.toLowerCase()) throw new Error(`command name or alias ${quote(n)} must be a lower-case word`);
      const owner = seen.get(n);
      if (owner) throw new Error(`command name ${quote(n)} of ${c.name} is already taken by ${owner}`);
      seen.set(n, c.name);
    }
    c.args.forEach((a, i) => {
      if (a.rest && i !== c.args.length - 1) throw new Error(`command ${c.name}: only the last argument may take the rest of the line`);
    });
  }
  return commands;
}
