// The robot's ports: the only things adapters may import (STYLE: "adapters → only the types in src/robot").

/** Where a message came from. `slash` and `action` arrive over HTTP, the rest over the chat stream. */
export type MessageKind = 'channel' | 'dm' | 'slash' | 'shell';

/** One normalised inbound message. Every adapter turns its transport into this shape. */
export interface InboundMessage {
  /** Idempotency key: the Mattermost post id (or a generated id for slash/shell). A given id runs at most once. */
  id: string;
  kind: MessageKind;
  /** Text with the bot mention / slash trigger already stripped. */
  text: string;
  /** Stable user id (Mattermost user id, or `shell:<login>`): permissions are keyed on it, never on the name. */
  userId: string;
  userName: string;
  channelId: string;
  channelName?: string;
  /** Root post of the thread to answer in (Mattermost replies must target a root post). */
  threadId?: string;
  /** True when the message was addressed to the bot (mention, DM, slash, shell). Chatter is only offered to `hear` commands. */
  addressed: boolean;
  /** True when the message came from a replay or a REST catch-up rather than live. */
  replayed?: boolean;
  /** Adapter name, e.g. `mattermost` or `shell`. */
  source: string;
  /**
   * Set by the adapter when the post was made by an integration, not typed by its author: an incoming webhook,
   * a slash response or outgoing-webhook reply (`from_webhook`, `override_username`), or a bot not in the
   * allow-list. Such a message never proposes nor confirms anything: the robot audits the refusal.
   */
  integration?: 'webhook' | 'bot';
  /** The author's language setting (Mattermost user `locale`, the shell's LANG): answers follow it. */
  locale?: string;
  /**
   * Text files attached to the post (Mattermost `file_ids`), read by the adapter with the bot's token: only
   * text/YAML-like files under the adapter's size cap, as data (never parsed as a command). The shell has none.
   */
  attachments?: readonly Attachment[];
}

/** One attached text file, as data. */
export interface Attachment {
  /** The chat's file id. */
  id: string;
  /** The file name the user gave it (shown, never used as a path). */
  name: string;
  text: string;
}

/** A button shown under a post (Mattermost interactive message); the shell renders it as a hint. */
export interface Button {
  id: string;
  label: string;
  style?: 'primary' | 'danger' | 'default';
  /** Opaque context sent back with the click; the robot puts the proposal id and decision here. */
  context: Record<string, string>;
  /** The only user whose click counts (the adapter signs it into the context with the post id and expiry). */
  forUser?: string;
  /** When the button stops counting (ms since the epoch; signed too). */
  expiresAt?: number;
}

export interface Outbound {
  text: string;
  buttons?: Button[];
  /** Attachment colour for status-like posts (hex or good/warning/danger). */
  color?: string;
  /** Idempotency key: the same key posted twice (a retry after a crash) makes one post where the chat can tell. */
  key?: string;
}

/** A post the robot sent and may edit later (progress). */
export interface SentPost {
  readonly id: string;
  update(out: Outbound): Promise<void>;
}

/**
 * A click on a button: who clicked and the button's context. The adapter builds it from the signed context
 * only (the user it was signed for, who must also be the one Mattermost says clicked), never from the body alone.
 */
export interface ButtonClick {
  userId: string;
  userName: string;
  channelId: string;
  postId: string;
  context: Record<string, string>;
}

/** What a click produces: a new text for the post (its buttons go), or a note only the clicker sees (they stay). */
export type ClickAnswer = { kind: 'replace'; out: Outbound } | { kind: 'private'; text: string };

/** What the robot offers to an adapter: its single entry point(s). */
export interface RobotPort {
  /** Process one inbound message. Resolves once it has been handled (answered or ignored). */
  receive(msg: InboundMessage): Promise<void>;
  /** A button was clicked. */
  click(click: ButtonClick): Promise<ClickAnswer>;
  /** Has this message id already been handled? (used by adapters to skip replays cheaply) */
  seen(id: string): boolean;
}

/** For callers that act on a command's result (one-shot exit codes, the control socket), not for adapters. */
export interface OutcomeReader {
  /**
   * What handling this message finally ran, once `receive` resolved: its audit row and outcome. For a "yes" it
   * is the confirmed command's, not the confirmation's.
   */
  outcomeOf(messageId: string): RunOutcome | undefined;
}

/** How an audited command ended (the audit row's `outcome`; 'interrupted': the bot stopped or crashed while it ran). */
export type AuditOutcome = 'ok' | 'error' | 'denied' | 'invalid' | 'unknown' | 'asked' | 'proposed' | 'confirmed' | 'declined' | 'expired' | 'ignored' | 'interrupted';

export interface RunOutcome {
  auditId: number;
  outcome: AuditOutcome;
  code?: string;
}

export interface Health {
  healthy: boolean;
  detail: string;
}

/** A chat transport. Small and replaceable (Hubot's Adapter: send, reply, run, close). */
export interface ChatPort {
  readonly name: string;
  /**
   * A local console (the shell adapter): one person at this host's terminal, no channels to announce into.
   * The composition root reads this, never the adapter's name: no "is up" / "is stopping" posts, no event
   * notifications, and the proxy is left to the first summon.
   */
  readonly localConsole?: boolean;
  /** Connect and start delivering messages to `robot.receive`. Rejects with a clear error when misconfigured. */
  start(robot: RobotPort): Promise<void>;
  /** Answer a message, in its thread where the transport has threads. */
  reply(to: InboundMessage, out: Outbound): Promise<SentPost>;
  /** Post into a channel by id or name (notifications, scheduled reports). */
  send(channel: string, out: Outbound): Promise<SentPost>;
  /** Acknowledge receipt (a reaction on Mattermost); optional. */
  ack?(to: InboundMessage): Promise<void>;
  health(): Health;
  /**
   * Check, once started, that each destination (`~channel`, `channel`, `@user`, a channel id) can be posted to:
   * it exists and the bot is a member. Returns only the bad ones, each with one sentence saying how to fix it.
   * Absent where there is nothing to check against (the shell).
   */
  checkDestinations?(names: readonly string[]): Promise<Map<string, string>>;
  /** Stop taking messages; flush what is owed. */
  stop(): Promise<void>;
}

/** A tiny HTTP route table shared by the adapters (slash, buttons), health, and later webhooks/metrics. */
export interface HttpRequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
export interface HttpResponseInfo {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
export type HttpHandler = (req: HttpRequestInfo) => Promise<HttpResponseInfo>;
export interface HttpRoutes {
  route(method: string, path: string, handler: HttpHandler): void;
  /** Base URL other systems use to reach us (for button integrations). */
  readonly publicUrl: string;
}

/**
 * Work the config or an admin set up, acting as its own principal (`schedule:<name>` on behalf of its
 * author, `recipe:<name>` written in the config): it enters through `Robot.invokeAsSystem`, never as a chat message.
 */
export interface SystemPrincipal {
  kind: 'schedule' | 'recipe';
  name: string;
  /** The user id of the admin who added it from chat; absent when the config file declares it (written by an admin). */
  onBehalfOf?: string;
}

export interface SystemInvocation {
  /** Idempotency key: a given id runs at most once, even across restarts. */
  id: string;
  principal: SystemPrincipal;
  /** The command line, as typed in chat. */
  text: string;
  /** Where the answer goes (channel id or name). */
  channel: string;
  /** The verb the declaration names: the line must run this command (checked again at every run). */
  command?: string;
  /** Declared (and confirmed) when it was added by an admin: a destructive command may run without a proposal. */
  destructive?: boolean;
}

/** What a system invocation came to: the audit row and its outcome (`not_taken` when the robot is stopping or saw the id before). */
export interface SystemOutcome {
  auditId?: number;
  outcome: string;
  code?: string | null;
}

/** One row of the audit log (src/robot/store.ts), as `history` and the scheduler read it. */
export interface AuditEntry {
  id: number;
  at: number;
  userId: string;
  userName: string;
  channelId: string;
  source: string;
  text: string;
  command: string | null;
  args: string | null;
  outcome: string;
  code: string | null;
  durationMs: number | null;
}
