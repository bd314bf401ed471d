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
  /** Files attached to the post (read only for addressed posts: adapters/mattermost/files.ts). */
  file_ids?: string[];
}

/** What the event (or our channel table, for REST catch-up) tells us besides the post. */
export interface PostContext {
  channelType?: string; // O, P, D, G
  channelName?: string;
  /** User ids mentioned, as decoded from `data.mentions` (per recipient: ours if we were mentioned). */
  mentions?: string[];
  replayed?: boolean;
}

export interface Self {
  id: string;
  username: string;
}

export type Classified = { ignore: string } | { message: Omit<InboundMessage, 'userName'> };

/** What we know of the author (looked up by user id through the REST API, cached). */
export interface Author {
  isBot: boolean;
}

/**
 * Was this post made by an integration rather than typed by its author? An incoming webhook posts under its
 * creator's user id with `from_webhook`; slash responses and outgoing-webhook replies carry `from_webhook`
 * (and `override_username` when they rename themselves); a bot's posts carry `from_bot`, or come from a bot
 * account. Bots in `allowBots` may act.
 */
export function integrationOf(post: WirePost, author: Author | undefined, allowBots: readonly string[]): 'webhook' | 'bot' | undefined {
  const props = post.props ?? {};
  const set = (k: string) => props[k] !== undefined && props[k] !== null && props[k] !== false && props[k] !== '' && props[k] !== 'false';
  if (set('from_webhook') || set('override_username') || set('override_icon_url') || set('webhook_display_name')) return 'webhook';
  if ((set('from_bot') || author?.isBot) && !allowBots.includes(post.user_id)) return 'bot';
  return undefined;
}

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
export function classifyPost(post: WirePost, ctx: PostContext, self: Self, author?: Author, allowBots: readonly string[] = []): Classified {
  if (post.user_id === self.id) return { ignore: 'own post' };
  if (post.type && post.type.startsWith('system_')) return { ignore: 'system post' };
  if (post.delete_at && post.delete_at > 0) return { ignore: 'deleted post' };

  const { mentioned, text } = stripMention(post.message ?? '', self.username);
  const byId = ctx.mentions?.includes(self.id) ?? false;
  const dm = ctx.channelType === 'D';
  const addressed = dm || mentioned || byId;

  const integration = integrationOf(post, author, allowBots);
  // Other bots and webhooks chatter a lot: ignored unless addressed to us; addressed, they are refused (audited).
  if (integration && !addressed) return { ignore: 'post from another bot' };

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
      ...(integration ? { integration } : {}),
      source: 'mattermost',
    },
  };
}
