// In-memory data of the test server: users, tokens, teams, channels, memberships, posts, reactions.
import { fileInfosOf } from './files.js';
import { newId } from './ids.js';
import type { Channel, ChannelMember, Post, PostList, Reaction, SlashCommand, Team, User, Ephemeral } from './types.js';

/** Strictly increasing ms clock, so that `update_at > since` is never ambiguous within a test. */
let lastNow = 0;
export function now(): number {
  const t = Date.now();
  lastNow = t > lastNow ? t : lastNow + 1;
  return lastNow;
}

export class Store {
  users = new Map<string, User>();
  /** root post id → reply ids, in creation order. */
  replies = new Map<string, string[]>();
  tokens = new Map<string, string>(); // token -> user id
  teams = new Map<string, Team>();
  teamMembers = new Map<string, Set<string>>(); // team id -> user ids
  channels = new Map<string, Channel>();
  channelMembers = new Map<string, Map<string, ChannelMember>>(); // channel id -> user id -> member
  posts = new Map<string, Post>(); // insertion order = creation order
  reactions = new Map<string, Reaction[]>(); // post id -> reactions
  commands: SlashCommand[] = [];
  pending = new Map<string, { postId: string; at: number }>(); // `${userId}:${pending_post_id}`
  ephemerals: Ephemeral[] = [];

  // ---- users -----------------------------------------------------------------------------
  createUser(username: string, bot = false, locale = 'en'): User & { token: string } {
    if ([...this.users.values()].some((u) => u.username === username)) throw new Error(`username taken: ${username}`);
    const t = now();
    const user: User = {
      id: newId(),
      create_at: t,
      update_at: t,
      delete_at: 0,
      username,
      auth_data: '',
      auth_service: '',
      email: bot ? '' : `${username}@example.test`,
      email_verified: true,
      nickname: '',
      first_name: '',
      last_name: '',
      position: '',
      roles: 'system_user',
      locale,
      timezone: { automaticTimezone: '', manualTimezone: '', useAutomaticTimezone: 'true' },
      is_bot: bot,
      last_picture_update: 0,
      disable_welcome_email: false,
      props: {},
      notify_props: {
        channel: 'true',
        comments: 'never',
        desktop: 'mention',
        desktop_sound: 'true',
        email: 'true',
        first_name: 'false',
        mention_keys: '',
        push: 'mention',
        push_status: 'online',
      },
    };
    if (bot) {
      user.bot_description = '';
      user.bot_last_icon_update = 0;
    }
    this.users.set(user.id, user);
    const token = newId();
    this.tokens.set(token, user.id);
    return { ...structuredClone(user), token };
  }

  userByToken(token: string): User | undefined {
    const id = this.tokens.get(token);
    return id ? this.users.get(id) : undefined;
  }

  userByName(name: string): User | undefined {
    for (const u of this.users.values()) if (u.username === name) return u;
    return undefined;
  }

  /** The user as others see it (no notify_props). */
  publicUser(u: User, viewerId: string): User {
    const copy = structuredClone(u);
    if (viewerId !== u.id) delete copy.notify_props;
    return copy;
  }

  // ---- teams -----------------------------------------------------------------------------
  createTeam(name: string): Team {
    if (this.teamByName(name)) throw new Error(`team exists: ${name}`);
    const t = now();
    const team: Team = {
      id: newId(),
      create_at: t,
      update_at: t,
      delete_at: 0,
      display_name: name,
      name,
      description: '',
      email: '',
      type: 'O',
      company_name: '',
      allowed_domains: '',
      invite_id: newId(),
      allow_open_invite: true,
      scheme_id: '',
      group_constrained: null,
      cloud_limits_archived: false,
    };
    this.teams.set(team.id, team);
    this.teamMembers.set(team.id, new Set());
    return team;
  }

  teamByName(name: string): Team | undefined {
    for (const t of this.teams.values()) if (t.name === name) return t;
    return undefined;
  }

  addToTeam(teamId: string, userId: string): void {
    const m = this.teamMembers.get(teamId);
    if (!m) throw new Error(`no team ${teamId}`);
    if (!this.users.has(userId)) throw new Error(`no user ${userId}`);
    m.add(userId);
  }

  isTeamMember(teamId: string, userId: string): boolean {
    return this.teamMembers.get(teamId)?.has(userId) ?? false;
  }

  // ---- channels --------------------------------------------------------------------------
  createChannel(teamId: string, name: string, type: 'O' | 'P' | 'D' = 'O', creatorId = ''): Channel {
    if (type !== 'D' && !this.teams.has(teamId)) throw new Error(`no team ${teamId}`);
    const t = now();
    const ch: Channel = {
      id: newId(),
      create_at: t,
      update_at: t,
      delete_at: 0,
      team_id: teamId,
      type,
      display_name: type === 'D' ? '' : name,
      name,
      header: '',
      purpose: '',
      last_post_at: t,
      total_msg_count: 0,
      extra_update_at: 0,
      creator_id: creatorId,
      scheme_id: null,
      props: null,
      group_constrained: null,
      shared: false,
      total_msg_count_root: 0,
      policy_id: null,
      last_root_post_at: t,
    };
    this.channels.set(ch.id, ch);
    this.channelMembers.set(ch.id, new Map());
    return ch;
  }

  channelByName(teamId: string, name: string): Channel | undefined {
    for (const c of this.channels.values()) if (c.team_id === teamId && c.name === name) return c;
    return undefined;
  }

  addToChannel(channelId: string, userId: string): void {
    const members = this.channelMembers.get(channelId);
    if (!members) throw new Error(`no channel ${channelId}`);
    if (!this.users.has(userId)) throw new Error(`no user ${userId}`);
    if (members.has(userId)) return;
    const t = now();
    members.set(userId, {
      channel_id: channelId,
      user_id: userId,
      roles: 'channel_user',
      last_viewed_at: 0,
      msg_count: 0,
      mention_count: 0,
      mention_count_root: 0,
      urgent_mention_count: 0,
      msg_count_root: 0,
      notify_props: { desktop: 'default', email: 'default', ignore_channel_mentions: 'default', mark_unread: 'all', push: 'default' },
      last_update_at: t,
      scheme_guest: false,
      scheme_user: true,
      scheme_admin: false,
      explicit_roles: '',
    });
  }

  isChannelMember(channelId: string, userId: string): boolean {
    return this.channelMembers.get(channelId)?.has(userId) ?? false;
  }

  members(channelId: string): string[] {
    return [...(this.channelMembers.get(channelId)?.keys() ?? [])];
  }

  /** Can the user read the channel? Members always; open channels also for team members. */
  canRead(ch: Channel, userId: string): boolean {
    if (this.isChannelMember(ch.id, userId)) return true;
    return ch.type === 'O' && this.isTeamMember(ch.team_id, userId);
  }

  directChannel(a: string, b: string): { channel: Channel; created: boolean } {
    if (!this.users.has(a) || !this.users.has(b)) throw new Error('no such user');
    const name = [a, b].sort().join('__');
    for (const c of this.channels.values()) if (c.type === 'D' && c.name === name) return { channel: c, created: false };
    const ch = this.createChannel('', name, 'D');
    this.addToChannel(ch.id, a);
    this.addToChannel(ch.id, b);
    return { channel: ch, created: true };
  }

  userChannels(userId: string, teamId?: string): Channel[] {
    const out: Channel[] = [];
    for (const c of this.channels.values()) {
      if (!this.isChannelMember(c.id, userId)) continue;
      if (teamId !== undefined && c.team_id !== teamId && c.team_id !== '') continue;
      out.push(c);
    }
    return out;
  }

  // ---- posts -----------------------------------------------------------------------------
  newPost(userId: string, channelId: string, message: string, extra: Partial<Post> = {}): Post {
    const t = now();
    const post: Post = {
      id: newId(),
      create_at: t,
      update_at: t,
      edit_at: 0,
      delete_at: 0,
      is_pinned: false,
      user_id: userId,
      channel_id: channelId,
      root_id: '',
      original_id: '',
      message,
      type: '',
      props: {},
      hashtags: '',
      pending_post_id: '',
      reply_count: 0,
      last_reply_at: 0,
      participants: null,
      metadata: {},
      ...extra,
    };
    const user = this.users.get(userId);
    if (user?.is_bot) post.props = { ...post.props, from_bot: 'true' };
    if (Array.isArray(post.props.attachments)) {
      if (!post.type) post.type = 'slack_attachment';
      for (const att of post.props.attachments as any[]) {
        for (const action of att?.actions ?? []) if (action && !action.id) action.id = newId();
      }
    }
    post.hashtags = hashtags(message);
    this.posts.set(post.id, post);
    if (post.root_id) {
      let set = this.replies.get(post.root_id);
      if (!set) this.replies.set(post.root_id, (set = []));
      set.push(post.id);
    }
    const ch = this.channels.get(channelId);
    if (ch) {
      ch.last_post_at = t;
      ch.total_msg_count++;
      if (!post.root_id) {
        ch.total_msg_count_root++;
        ch.last_root_post_at = t;
      }
    }
    if (post.root_id) {
      const root = this.posts.get(post.root_id);
      if (root) {
        root.reply_count++;
        root.last_reply_at = t;
        for (const p of this.thread(root.id)) {
          p.reply_count = root.reply_count;
          p.last_reply_at = t;
        }
      }
    }
    return post;
  }

  /** The root and all its replies, oldest first (an index, not a scan: benchmarks post tens of thousands). */
  thread(rootId: string): Post[] {
    const ids = [rootId, ...(this.replies.get(rootId) ?? [])];
    return ids.map((id) => this.posts.get(id)).filter((p): p is Post => p !== undefined);
  }

  /** A post as served to clients: a copy, with reactions in metadata when there are any. */
  wirePost(p: Post): Post {
    const copy = structuredClone(p);
    const reactions = this.reactions.get(p.id) ?? [];
    if (reactions.length) copy.metadata = { ...copy.metadata, reactions: structuredClone(reactions) };
    const files = fileInfosOf(this, p);
    if (files.length) copy.metadata = { ...copy.metadata, files };
    return copy;
  }

  postList(order: Post[], extra: Post[] = [], prev = '', next = ''): PostList {
    const posts: Record<string, Post> = {};
    for (const p of [...order, ...extra]) posts[p.id] = this.wirePost(p);
    return {
      order: order.map((p) => p.id),
      posts,
      next_post_id: next,
      prev_post_id: prev,
      has_next: next !== '',
      first_inaccessible_post_time: 0,
    };
  }

  channelPosts(channelId: string, includeDeleted = false): Post[] {
    return [...this.posts.values()].filter((p) => p.channel_id === channelId && (includeDeleted || p.delete_at === 0));
  }
}

export function hashtags(message: string): string {
  const tags = message.match(/(?:^|\s)#[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]/g) ?? [];
  return tags.map((t) => t.trim()).join(' ');
}

/** Length in Unicode code points (the server counts runes). */
export function runeLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The newest-first order the server uses in PostList.order. */
export function newestFirst(posts: Post[]): Post[] {
  return [...posts].sort((a, b) => b.create_at - a.create_at);
}
