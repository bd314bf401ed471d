// Wire shapes served by the test server (a subset of the real Mattermost models).

export interface User {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  username: string;
  auth_data: string;
  auth_service: string;
  email: string;
  email_verified: boolean;
  nickname: string;
  first_name: string;
  last_name: string;
  position: string;
  roles: string;
  locale: string;
  timezone: { automaticTimezone: string; manualTimezone: string; useAutomaticTimezone: string };
  is_bot: boolean;
  bot_description?: string;
  bot_last_icon_update?: number;
  last_picture_update: number;
  disable_welcome_email: boolean;
  props: Record<string, string>;
  notify_props?: Record<string, string>;
}

export interface Team {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  display_name: string;
  name: string;
  description: string;
  email: string;
  type: 'O' | 'I';
  company_name: string;
  allowed_domains: string;
  invite_id: string;
  allow_open_invite: boolean;
  scheme_id: string;
  group_constrained: boolean | null;
  cloud_limits_archived: boolean;
}

export interface Channel {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  team_id: string;
  type: 'O' | 'P' | 'D' | 'G';
  display_name: string;
  name: string;
  header: string;
  purpose: string;
  last_post_at: number;
  total_msg_count: number;
  extra_update_at: number;
  creator_id: string;
  scheme_id: string | null;
  props: Record<string, unknown> | null;
  group_constrained: boolean | null;
  shared: boolean | null;
  total_msg_count_root: number;
  policy_id: string | null;
  last_root_post_at: number;
}

export interface ChannelMember {
  channel_id: string;
  user_id: string;
  roles: string;
  last_viewed_at: number;
  msg_count: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
  msg_count_root: number;
  notify_props: Record<string, string>;
  last_update_at: number;
  scheme_guest: boolean;
  scheme_user: boolean;
  scheme_admin: boolean;
  explicit_roles: string;
}

export interface Reaction {
  user_id: string;
  post_id: string;
  emoji_name: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  remote_id: string;
  channel_id: string;
}

export interface Post {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  is_pinned: boolean;
  user_id: string;
  channel_id: string;
  root_id: string;
  original_id: string;
  message: string;
  type: string;
  props: Record<string, any>;
  hashtags: string;
  file_ids?: string[];
  pending_post_id: string;
  reply_count: number;
  last_reply_at: number;
  participants: null;
  has_reactions?: boolean;
  metadata: Record<string, unknown>;
}

export interface PostList {
  order: string[];
  posts: Record<string, Post>;
  next_post_id: string;
  prev_post_id: string;
  has_next: boolean;
  first_inaccessible_post_time: number;
}

/** One REST request/response pair served under /api/v4 (input of the contract checker). */
export interface Exchange {
  method: string;
  /** Path without the query string, e.g. `/api/v4/posts`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, or undefined when empty. */
  requestBody: unknown;
  status: number;
  /** Parsed JSON body when the response is JSON, else the raw text. */
  responseBody: unknown;
  responseContentType: string;
  /** True when the response was produced by an injected fault rather than by the handler. */
  fault?: boolean;
  requestId?: string;
  /** When the request arrived and when its answer was ready (performance.now(), ms): which calls overlapped. */
  receivedAt?: number;
  answeredAt?: number;
}

export interface SlashCommand {
  id: string;
  teamId: string;
  trigger: string;
  url: string;
  token: string;
}

/** An ephemeral post sent to one user (not stored as a real post). */
export interface Ephemeral {
  userId: string;
  post: Post;
}
