// Pure translation of a Mattermost post into the robot's InboundMessage (or a reason to ignore it).
import type { InboundMessage } from '../../src/robot/types.js';

/** The fields of a Post we rely on (REST and `posted` events carry the same JSON). */
export interface WirePost {
  id: string;
  create_at: number;
  delete_at?: number;
  user_id: string;
  channel_id: string;
  root_id?: string;
  message: string;
  type?: string;
  props?: Record<string, unknown> | null;
}

/** What the event (or our channel table, for REST catch-up) tells us besides the post. */
export interface PostContext {
  channelType?: string; // O, P, D, G
  channelName?: string;
  /** `@username` of the author when the server uses usernames; may be a display name otherwise. */
  senderName?: string;
  /** User ids mentioned, as decoded from `data.mentions` (per recipient: ours if we were mentioned). */
  mentions?: string[];
  replayed?: boolean;
}

export interface Self {
  id: string;
  username: string;
}

export type Classified =
  | { ignore: string }
  | { message: Omit<InboundMessage, 'userName'>; senderName?: string };

/** Decode `data.mentions` / `data.post`, which the server sends as JSON *strings* (contract §5.4). */
export function decodeJson<T>(value: unknown): T | undefined {
  if (typeof value !== 'string') return value as T | undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}

const NAME_CHAR = /[a-z0-9_.-]/i;

/**
 * Find `@username` as a whole mention in `text`. Mattermost usernames may contain `.`, `-` and `_`; a trailing
 * dot is sentence punctuation, not part of the name.
 */
export function findMention(text: string, username: string): { start: number; end: number } | undefined {
  const lower = text.toLowerCase();
  const needle = '@' + username.toLowerCase();
  for (let i = lower.indexOf(needle); i !== -1; i = lower.indexOf(needle, i + 1)) {
    const before = i === 0 ? '' : text[i - 1]!;
    if (before !== '' && NAME_CHAR.test(before)) continue; // part of an e-mail or another word
    const endIdx = i + needle.length;
    const next = text[endIdx];
    const afterNext = text[endIdx + 1];
    const continues = next !== undefined && NAME_CHAR.test(next) && !(next === '.' && (afterNext === undefined || !NAME_CHAR.test(afterNext)));
    if (continues) continue; // @summoner-old is somebody else
    return { start: i, end: endIdx };
  }
  return undefined;
}

/**
 * Is the text addressed to the bot, and what is left once the mention is removed?
 * A leading `@bot`, `@bot:` or `@bot,` is stripped; a mention elsewhere is cut out of the sentence.
 */
export function stripMention(text: string, username: string): { mentioned: boolean; text: string } {
  const trimmed = text.trimStart();
  const m = findMention(trimmed, username);
  if (!m) return { mentioned: false, text: text.trim() };
  if (m.start === 0) {
    const rest = trimmed.slice(m.end).replace(/^[:,]?\s*/, '');
    return { mentioned: true, text: rest.trim() };
  }
  const cut = (trimmed.slice(0, m.start) + trimmed.slice(m.end)).replace(/[ \t]{2,}/g, ' ');
  return { mentioned: true, text: cut.trim() };
}

/** Channel types we listen to without configuration: direct and group messages. */
export const isDirect = (channelType: string | undefined): boolean => channelType === 'D' || channelType === 'G';

/** Decide what to do with one post. Pure: the caller resolves the user name and calls the robot. */
export function classifyPost(post: WirePost, ctx: PostContext, self: Self): Classified {
  if (post.user_id === self.id) return { ignore: 'own post' };
  if (post.type && post.type.startsWith('system_')) return { ignore: 'system post' };
  if (post.delete_at && post.delete_at > 0) return { ignore: 'deleted post' };

  const { mentioned, text } = stripMention(post.message ?? '', self.username);
  const byId = ctx.mentions?.includes(self.id) ?? false;
  const dm = ctx.channelType === 'D';
  const addressed = dm || mentioned || byId;

  const props = post.props ?? {};
  const fromBot = props['from_bot'] === 'true' || props['from_webhook'] === 'true';
  // Other bots and webhooks chatter a lot; only a direct address from them counts (and never loops on us).
  if (fromBot && !addressed) return { ignore: 'post from another bot' };

  const senderName = ctx.senderName?.startsWith('@') ? ctx.senderName.slice(1) : undefined;
  return {
    message: {
      id: post.id,
      kind: dm ? 'dm' : 'channel',
      text,
      userId: post.user_id,
      channelId: post.channel_id,
      ...(ctx.channelName ? { channelName: ctx.channelName } : {}),
      // Replies must target a root post: the root of the thread, or the post itself (contract §3).
      threadId: post.root_id || post.id,
      addressed,
      ...(ctx.replayed ? { replayed: true } : {}),
      source: 'mattermost',
    },
    ...(senderName ? { senderName } : {}),
  };
}
