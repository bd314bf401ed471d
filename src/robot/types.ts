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
  /** Adapter name, e.g. `mattermost` or `shell`; `recipe` or `schedule` for work the config (or an admin) set up. */
  source: string;
  /**
   * Set only by the notification center and the scheduler (never by an adapter): an admin confirmed this in
   * advance by writing the recipe or the job, so a destructive command runs without a proposal.
   */
  preconfirmed?: boolean;
}

/** A button shown under a post (Mattermost interactive message); the shell renders it as a hint. */
export interface Button {
  id: string;
  label: string;
  style?: 'primary' | 'danger' | 'default';
  /** Opaque context sent back with the click; the robot puts the proposal id and decision here. */
  context: Record<string, string>;
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

/** A click on a button: who clicked and the button's context. */
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

export interface Health {
  healthy: boolean;
  detail: string;
}

/** A chat transport. Small and replaceable (Hubot's Adapter: send, reply, run, close). */
export interface ChatPort {
  readonly name: string;
  /** Connect and start delivering messages to `robot.receive`. Rejects with a clear error when misconfigured. */
  start(robot: RobotPort): Promise<void>;
  /** Answer a message, in its thread where the transport has threads. */
  reply(to: InboundMessage, out: Outbound): Promise<SentPost>;
  /** Post into a channel by id or name (notifications, scheduled reports). */
  send(channel: string, out: Outbound): Promise<SentPost>;
  /** Acknowledge receipt (a reaction on Mattermost); optional. */
  ack?(to: InboundMessage): Promise<void>;
  health(): Health;
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
