// Post, reaction and ephemeral domain logic shared by the REST routes and the control API.
import { attachFiles } from './files.js';
import { ApiError } from './http.js';
import type { Hub } from './hub.js';
import { MAX_POST_RUNES, newId } from './ids.js';
import { hashtags, now, runeLength, type Store } from './store.js';
import type { Channel, Post, Reaction, User } from './types.js';

export interface CreatePostInput {
  channel_id?: unknown;
  message?: unknown;
  root_id?: unknown;
  file_ids?: unknown;
  props?: unknown;
  type?: unknown;
  pending_post_id?: unknown;
  metadata?: any;
}

const PENDING_TTL_MS = 30_000;

export class Posts {
  constructor(
    private store: Store,
    private hub: Hub,
  ) {}

  /** Create a post as `user` (REST semantics: validation, membership, root rules, pending_post_id dedup). */
  create(user: User, input: CreatePostInput, setOnline = true): { post: Post; created: boolean } {
    const s = this.store;
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw new ApiError(400, 'api.context.invalid_body_param.app_error', 'Invalid or missing post in request body.');
    }
    const channelId = input.channel_id;
    const ch = typeof channelId === 'string' ? s.channels.get(channelId) : undefined;
    if (!ch) throw new ApiError(400, 'api.context.invalid_param.app_error', 'Invalid channel_id parameter.');
    if (!s.isChannelMember(ch.id, user.id)) {
      throw new ApiError(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.', 'userId=' + user.id + ', permission=create_post');
    }
    if (ch.delete_at > 0) throw new ApiError(400, 'api.post.create_post.can_not_post_to_deleted.error', 'Can not post to deleted channel.');
    const message = typeof input.message === 'string' ? input.message : '';
    const type = typeof input.type === 'string' ? input.type : '';
    if (type.startsWith('system_')) throw new ApiError(400, 'api.context.invalid_param.app_error', 'Invalid type parameter.');
    if (runeLength(message) > MAX_POST_RUNES) {
      throw new ApiError(400, 'model.post.is_valid.message_length.app_error', 'Message property is longer than the maximum permitted length.', 'id=');
    }
    const rootId = typeof input.root_id === 'string' ? input.root_id : '';
    if (rootId) {
      const root = s.posts.get(rootId);
      if (!root || root.channel_id !== ch.id || root.delete_at > 0) {
        throw new ApiError(400, 'api.post.create_post.channel_root_id.app_error', 'Invalid ChannelId for RootId parameter.');
      }
      if (root.root_id !== '') throw new ApiError(400, 'api.post.create_post.root_id.app_error', 'Invalid RootId parameter.');
    }
    const priority = input.metadata?.priority;
    if (priority && rootId) {
      throw new ApiError(400, 'api.post.create_post.post_priority.priority_post_only_allowed_for_root_post', 'Post priority is only allowed for root posts.');
    }
    const pending = typeof input.pending_post_id === 'string' ? input.pending_post_id : '';
    if (pending) {
      const key = `${user.id}:${pending}`;
      const hit = s.pending.get(key);
      if (hit && Date.now() - hit.at < PENDING_TTL_MS) {
        const existing = s.posts.get(hit.postId);
        if (existing) return { post: existing, created: false };
      }
    }
    const props = input.props && typeof input.props === 'object' && !Array.isArray(input.props) ? structuredClone(input.props as Record<string, unknown>) : {};
    if (JSON.stringify(props).length > 800_000) throw new ApiError(400, 'model.post.is_valid.props.app_error', 'Invalid props.');
    const fileIds = Array.isArray(input.file_ids) ? input.file_ids.filter((x): x is string => typeof x === 'string') : undefined;
    const post = s.newPost(user.id, ch.id, message, {
      root_id: rootId,
      type,
      props,
      pending_post_id: pending,
      ...(fileIds && fileIds.length ? { file_ids: fileIds } : {}),
      ...(priority ? { metadata: { priority } } : {}),
    });
    if (pending) s.pending.set(`${user.id}:${pending}`, { postId: post.id, at: Date.now() });
    attachFiles(s, post);
    this.broadcastPosted(post, ch, user, setOnline);
    return { post, created: true };
  }

  broadcastPosted(post: Post, ch: Channel, author: User, setOnline = true): void {
    const s = this.store;
    const displayName = ch.type === 'D' ? `@${author.username}` : ch.display_name;
    const data: Record<string, unknown> = {
      channel_display_name: displayName,
      channel_name: ch.name,
      channel_type: ch.type,
      post: JSON.stringify(s.wirePost(post)),
      // Mattermost names the sender by the override when a webhook (or slash response) sets one
      // (GetSenderName with EnablePostUsernameOverride): it is not the author, and may say anything.
      sender_name:
        post.props.from_webhook === 'true' && typeof post.props.override_username === 'string' ? post.props.override_username : `@${author.username}`,
      set_online: setOnline,
      team_id: ch.type === 'D' || ch.type === 'G' ? '' : ch.team_id,
    };
    if (post.file_ids?.length) data.otherFile = 'true';
    const mentioned = this.mentions(post, ch);
    this.hub.publish('posted', data, { channelId: ch.id }, (uid) => (mentioned.has(uid) ? { mentions: JSON.stringify([uid]) } : undefined));
  }

  /** Users mentioned by a post: @username, @channel/@all/@here, and the other side of a DM. */
  private mentions(post: Post, ch: Channel): Set<string> {
    const out = new Set<string>();
    const members = this.store.members(ch.id);
    const words = new Set((post.message.match(/@[a-z0-9][a-z0-9._-]*/gi) ?? []).map((w) => w.slice(1).toLowerCase().replace(/[._-]+$/, '')));
    const all = words.has('channel') || words.has('all') || words.has('here');
    for (const uid of members) {
      if (uid === post.user_id) continue;
      const u = this.store.users.get(uid);
      if (!u) continue;
      if (ch.type === 'D' || all || words.has(u.username.toLowerCase())) out.add(uid);
    }
    return out;
  }

  /** Apply an edit and broadcast post_edited. */
  applyEdit(post: Post, changes: { message?: string; props?: Record<string, unknown>; file_ids?: string[]; is_pinned?: boolean; has_reactions?: boolean }): Post {
    if (changes.message !== undefined && runeLength(changes.message) > MAX_POST_RUNES) {
      throw new ApiError(400, 'model.post.is_valid.message_length.app_error', 'Message property is longer than the maximum permitted length.');
    }
    const t = now();
    if (changes.message !== undefined && changes.message !== post.message) {
      post.message = changes.message;
      post.edit_at = t;
      post.hashtags = hashtags(post.message);
    }
    if (changes.props !== undefined) {
      const author = this.store.users.get(post.user_id);
      post.props = structuredClone(changes.props);
      if (author?.is_bot) post.props.from_bot = 'true';
      if (Array.isArray(post.props.attachments)) {
        if (!post.type) post.type = 'slack_attachment';
        for (const att of post.props.attachments as any[]) for (const a of att?.actions ?? []) if (a && !a.id) a.id = newId();
      }
    }
    if (changes.file_ids !== undefined) post.file_ids = changes.file_ids;
    if (changes.is_pinned !== undefined) post.is_pinned = changes.is_pinned;
    if (changes.has_reactions !== undefined) post.has_reactions = changes.has_reactions;
    post.update_at = t;
    this.hub.publish('post_edited', { post: JSON.stringify(this.store.wirePost(post)) }, { channelId: post.channel_id });
    return post;
  }

  addReaction(userId: string, post: Post, emoji: string): Reaction {
    const list = this.store.reactions.get(post.id) ?? [];
    const existing = list.find((r) => r.user_id === userId && r.emoji_name === emoji);
    if (existing) return existing;
    const t = now();
    const reaction: Reaction = {
      user_id: userId,
      post_id: post.id,
      emoji_name: emoji,
      create_at: t,
      update_at: t,
      delete_at: 0,
      remote_id: '',
      channel_id: post.channel_id,
    };
    list.push(reaction);
    this.store.reactions.set(post.id, list);
    post.has_reactions = true;
    post.update_at = t;
    this.hub.publish('reaction_added', { reaction: JSON.stringify(reaction) }, { channelId: post.channel_id });
    return reaction;
  }

  removeReaction(userId: string, post: Post, emoji: string): void {
    const list = this.store.reactions.get(post.id) ?? [];
    const idx = list.findIndex((r) => r.user_id === userId && r.emoji_name === emoji);
    if (idx < 0) return;
    const [removed] = list.splice(idx, 1);
    const t = now();
    post.has_reactions = list.length > 0;
    post.update_at = t;
    this.hub.publish('reaction_removed', { reaction: JSON.stringify({ ...removed, update_at: t, delete_at: t }) }, { channelId: post.channel_id });
  }

  /** Soft-delete a post (and, for a root, its replies); broadcasts `post_deleted`. */
  remove(post: Post): void {
    const t = now();
    const victims = post.root_id ? [post] : this.store.thread(post.id);
    for (const p of victims) {
      if (p.delete_at > 0) continue;
      p.delete_at = t;
      p.update_at = t;
      this.hub.publish('post_deleted', { post: JSON.stringify(this.store.wirePost(p)) }, { channelId: p.channel_id });
    }
  }

  /** `typing` to the channel, omitting the typist. */
  typing(userId: string, channelId: string, parentId = ''): void {
    this.hub.publish('typing', { parent_id: parentId, user_id: userId }, { channelId, omitUsers: [userId] });
  }

  /** An ephemeral post to one user (not stored as a post). */
  ephemeral(toUserId: string, channelId: string, message: string, rootId = '', fromUserId = toUserId, extra: Partial<Post> = {}): Post {
    const t = now();
    const post: Post = {
      id: newId(),
      create_at: t,
      update_at: t,
      edit_at: 0,
      delete_at: 0,
      is_pinned: false,
      user_id: fromUserId,
      channel_id: channelId,
      root_id: rootId,
      original_id: '',
      message,
      type: 'system_ephemeral',
      props: {},
      hashtags: '',
      pending_post_id: '',
      reply_count: 0,
      last_reply_at: 0,
      participants: null,
      metadata: {},
      ...extra,
    };
    this.store.ephemerals.push({ userId: toUserId, post });
    this.hub.publish('ephemeral_message', { post: JSON.stringify(post) }, { userId: toUserId, channelId });
    return post;
  }
}
