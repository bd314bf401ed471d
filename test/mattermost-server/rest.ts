// REST v4 routes the bot uses, with the real server's statuses and error ids (contract §3, §4).
import { addFileRoutes } from './files.js';
import { ApiError, Router, type Ctx, type Result } from './http.js';
import { isValidId, MAX_POST_RUNES, SERVER_VERSION } from './ids.js';
import type { Integrations } from './integrations.js';
import type { Posts } from './posts.js';
import { newestFirst, type Store } from './store.js';
import type { Channel, Post, Team, User } from './types.js';

const ok = (body: unknown, status = 200): Result => ({ status, body });
const clone = <T>(x: T): T => structuredClone(x);

function forbidden(detail = ''): ApiError {
  return new ApiError(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.', detail);
}

function invalidParam(name: string): ApiError {
  return new ApiError(400, 'api.context.invalid_url_param.app_error', `Invalid or missing ${name} parameter in request URL.`);
}

function invalidBody(name: string): ApiError {
  return new ApiError(400, 'api.context.invalid_body_param.app_error', `Invalid or missing ${name} in request body.`);
}

export function buildApiRoutes(store: Store, posts: Posts, integrations: Integrations, siteUrl: () => string): Router {
  const r = new Router();

  const userParam = (ctx: Ctx, name = 'user_id'): string => {
    const v = ctx.params[name] ?? '';
    if (v === 'me') return ctx.user.id;
    if (!isValidId(v)) throw invalidParam(name);
    return v;
  };
  const requireSelf = (ctx: Ctx, uid: string): void => {
    if (uid !== ctx.user.id) throw forbidden('userId=' + ctx.user.id + ', permission=edit_other_users');
  };
  const channelParam = (ctx: Ctx, name = 'channel_id'): Channel => {
    const id = ctx.params[name] ?? '';
    if (!isValidId(id)) throw invalidParam(name);
    const ch = store.channels.get(id);
    if (!ch) throw forbidden('userId=' + ctx.user.id + ', permission=read_channel');
    if (!store.canRead(ch, ctx.user.id)) throw forbidden('userId=' + ctx.user.id + ', permission=read_channel');
    return ch;
  };
  const postParam = (ctx: Ctx, name = 'post_id'): Post => {
    const id = ctx.params[name] ?? '';
    if (!isValidId(id)) throw invalidParam(name);
    const p = store.posts.get(id);
    if (!p) throw forbidden('userId=' + ctx.user.id + ', permission=read_channel');
    const ch = store.channels.get(p.channel_id);
    if (!ch || !store.canRead(ch, ctx.user.id)) throw forbidden('userId=' + ctx.user.id + ', permission=read_channel');
    return p;
  };
  const teamByNameOr404 = (name: string): Team => {
    const t = store.teamByName(name);
    if (!t) throw new ApiError(404, 'app.team.get_by_name.missing.app_error', 'Unable to find the existing team.', 'name=' + name);
    return t;
  };
  const channelByNameIn = (ctx: Ctx, teamId: string, name: string): Channel => {
    const ch = store.channelByName(teamId, name);
    if (!ch || (ch.delete_at > 0 && ctx.query.get('include_deleted') !== 'true')) {
      throw new ApiError(404, 'app.channel.get_by_name.missing.app_error', 'Channel does not exist.', 'teamId=' + teamId + ', name=' + name);
    }
    if (!store.canRead(ch, ctx.user.id)) throw forbidden('userId=' + ctx.user.id + ', permission=read_channel');
    return ch;
  };
  const userView = (ctx: Ctx, u: User): User => store.publicUser(u, ctx.user.id);

  addFileRoutes(r, store);

  // ---- system ------------------------------------------------------------------------------
  r.add(
    'GET',
    '/api/v4/system/ping',
    () =>
      ok({
        ActiveSearchBackend: 'database',
        AndroidLatestVersion: '',
        AndroidMinVersion: '',
        IosLatestVersion: '',
        IosMinVersion: '',
        status: 'OK',
      }),
    { auth: false },
  );
  r.add(
    'GET',
    '/api/v4/config/client',
    (ctx) => {
      if (ctx.query.get('format') !== 'old') {
        throw new ApiError(501, 'api.config.client.old_format.app_error', 'New format for the client configuration is not supported yet. Please specify format=old in the query string.');
      }
      return ok({
        Version: SERVER_VERSION,
        BuildNumber: SERVER_VERSION,
        BuildDate: '',
        BuildHash: 'test',
        BuildEnterpriseReady: 'false',
        SiteURL: siteUrl(),
        SiteName: 'Mattermost',
        MaxPostSize: String(MAX_POST_RUNES),
        EnablePostUsernameOverride: 'false',
        EnablePostIconOverride: 'false',
        EnableUserAccessTokens: 'true',
        EnableBotAccountCreation: 'true',
        PostEditTimeLimit: '-1',
        EnableCommands: 'true',
        EnableCustomEmoji: 'false',
        IsDefaultMarkdownEnabled: 'true',
        PostPriority: 'true',
        DiagnosticsEnabled: 'false',
      });
    },
    { auth: false },
  );

  // ---- users ------------------------------------------------------------------------------
  r.add('GET', '/api/v4/users/{user_id}', (ctx) => {
    const uid = userParam(ctx);
    const u = store.users.get(uid);
    if (!u) throw new ApiError(404, 'app.user.missing_account.const', 'Unable to find the user.', 'user_id=' + uid);
    return ok(userView(ctx, u));
  });
  r.add('GET', '/api/v4/users/username/{username}', (ctx) => {
    const name = ctx.params.username ?? '';
    if (!/^[a-z0-9.\-_]{1,64}$/i.test(name)) throw invalidParam('username');
    const u = store.userByName(name.toLowerCase());
    if (!u) throw new ApiError(404, 'app.user.get_by_username.app_error', 'Unable to find an existing account matching your username for this team. This team may require an invite from the team owner to join.');
    return ok(userView(ctx, u));
  });
  r.add('POST', '/api/v4/users/ids', (ctx) => {
    const ids = ctx.body;
    if (!Array.isArray(ids) || ids.length === 0) throw invalidBody('user_ids');
    const out: User[] = [];
    for (const id of ids) {
      if (typeof id !== 'string' || !isValidId(id)) throw invalidBody('user_ids');
      const u = store.users.get(id);
      if (u) out.push(userView(ctx, u));
    }
    return ok(out);
  });

  r.add('POST', '/api/v4/users/{user_id}/typing', (ctx) => {
    const uid = userParam(ctx);
    const b = ctx.body as any;
    if (!b || typeof b !== 'object' || !isValidId(b.channel_id)) throw invalidBody('channel_id');
    if (uid !== ctx.user.id) throw forbidden('userId=' + ctx.user.id + ', permission=manage_system');
    if (!store.isChannelMember(b.channel_id, uid)) throw forbidden('userId=' + uid + ', permission=create_post');
    posts.typing(uid, b.channel_id, typeof b.parent_id === 'string' ? b.parent_id : '');
    return ok({ status: 'OK' });
  });

  // ---- teams ------------------------------------------------------------------------------
  r.add('GET', '/api/v4/teams/name/{name}', (ctx) => ok(clone(teamByNameOr404(ctx.params.name ?? ''))));
  r.add('GET', '/api/v4/users/{user_id}/teams', (ctx) => {
    const uid = userParam(ctx);
    requireSelf(ctx, uid);
    return ok([...store.teams.values()].filter((t) => store.isTeamMember(t.id, uid)).map(clone));
  });
  r.add('GET', '/api/v4/users/{user_id}/teams/{team_id}/channels', (ctx) => {
    const uid = userParam(ctx);
    requireSelf(ctx, uid);
    const teamId = ctx.params.team_id ?? '';
    if (!isValidId(teamId)) throw invalidParam('team_id');
    if (!store.isTeamMember(teamId, uid)) throw forbidden('userId=' + uid + ', permission=view_team');
    const includeDeleted = ctx.query.get('include_deleted') === 'true';
    return ok(store.userChannels(uid, teamId).filter((c) => includeDeleted || c.delete_at === 0).map(clone));
  });
  r.add('GET', '/api/v4/users/{user_id}/channels', (ctx) => {
    const uid = userParam(ctx);
    requireSelf(ctx, uid);
    const includeDeleted = ctx.query.get('include_deleted') === 'true';
    return ok(store.userChannels(uid).filter((c) => includeDeleted || c.delete_at === 0).map(clone));
  });

  // ---- channels ---------------------------------------------------------------------------
  r.add('GET', '/api/v4/teams/name/{team_name}/channels/name/{channel_name}', (ctx) => {
    const team = teamByNameOr404(ctx.params.team_name ?? '');
    return ok(clone(channelByNameIn(ctx, team.id, ctx.params.channel_name ?? '')));
  });
  r.add('GET', '/api/v4/teams/{team_id}/channels/name/{channel_name}', (ctx) => {
    const teamId = ctx.params.team_id ?? '';
    if (!isValidId(teamId)) throw invalidParam('team_id');
    return ok(clone(channelByNameIn(ctx, teamId, ctx.params.channel_name ?? '')));
  });
  r.add('GET', '/api/v4/channels/{channel_id}', (ctx) => {
    const id = ctx.params.channel_id ?? '';
    if (!isValidId(id)) throw invalidParam('channel_id');
    const ch = store.channels.get(id);
    if (!ch) throw new ApiError(404, 'app.channel.get.existing.app_error', 'Unable to find the existing channel.', 'channel_id=' + id);
    if (!store.canRead(ch, ctx.user.id)) throw forbidden('userId=' + ctx.user.id + ', permission=read_channel');
    return ok(clone(ch));
  });
  r.add('GET', '/api/v4/channels/{channel_id}/members/{user_id}', (ctx) => {
    const ch = channelParam(ctx);
    const uid = userParam(ctx);
    const m = store.channelMembers.get(ch.id)?.get(uid);
    if (!m) throw new ApiError(404, 'app.channel.get_member.missing.app_error', 'No channel member found for that user ID and channel ID.');
    return ok(clone(m));
  });
  r.add('POST', '/api/v4/channels/direct', (ctx) => {
    const ids = ctx.body;
    if (!Array.isArray(ids) || (ids.length !== 2 && !(ids.length === 1 && ids[0] === ctx.user.id))) throw invalidBody('user_ids');
    for (const id of ids) if (typeof id !== 'string' || !isValidId(id)) throw invalidBody('user_id');
    const [a, b = a] = ids as string[];
    if (a !== ctx.user.id && b !== ctx.user.id) throw forbidden('userId=' + ctx.user.id + ', permission=manage_system');
    const other = a === ctx.user.id ? b! : a!;
    if (!store.users.has(other)) throw new ApiError(400, 'api.channel.create_direct_channel.invalid_user.app_error', 'Invalid user ID for direct channel creation.');
    const { channel, created } = store.directChannel(a!, b!);
    if (created) integrations.directAdded(channel, ctx.user.id, other);
    return ok(clone(channel), 201);
  });

  // ---- posts ------------------------------------------------------------------------------
  r.add('POST', '/api/v4/posts', (ctx) => {
    const setOnline = ctx.query.get('set_online') !== 'false';
    const { post } = posts.create(ctx.user, ctx.body as any, setOnline);
    return ok(store.wirePost(post), 201);
  });
  r.add('GET', '/api/v4/posts/{post_id}', (ctx) => {
    const id = ctx.params.post_id ?? '';
    if (!isValidId(id)) throw invalidParam('post_id');
    const p = store.posts.get(id);
    if (!p || (p.delete_at > 0 && ctx.query.get('include_deleted') !== 'true')) {
      throw new ApiError(404, 'app.post.get.app_error', 'Unable to get the post.', 'post_id=' + id);
    }
    const ch = store.channels.get(p.channel_id);
    if (!ch || !store.canRead(ch, ctx.user.id)) throw forbidden('userId=' + ctx.user.id + ', permission=read_channel');
    return ok(store.wirePost(p));
  });
  r.add('PUT', '/api/v4/posts/{post_id}/patch', (ctx) => {
    const p = postParam(ctx);
    const b = ctx.body as any;
    if (!b || typeof b !== 'object' || Array.isArray(b)) throw invalidBody('post');
    if (p.user_id !== ctx.user.id) throw forbidden('userId=' + ctx.user.id + ', permission=edit_others_posts');
    if (p.delete_at > 0) throw new ApiError(400, 'api.post.patch_post.can_not_update_post_in_deleted.error', 'Can not update a post in a deleted channel.');
    const changes: Parameters<Posts['applyEdit']>[1] = {};
    if (typeof b.message === 'string') changes.message = b.message;
    if (b.props && typeof b.props === 'object' && !Array.isArray(b.props)) changes.props = b.props;
    if (Array.isArray(b.file_ids)) changes.file_ids = b.file_ids;
    if (typeof b.is_pinned === 'boolean') changes.is_pinned = b.is_pinned;
    if (typeof b.has_reactions === 'boolean') changes.has_reactions = b.has_reactions;
    return ok(store.wirePost(posts.applyEdit(p, changes)));
  });
  r.add('PUT', '/api/v4/posts/{post_id}', (ctx) => {
    const id = ctx.params.post_id ?? '';
    if (!isValidId(id)) throw invalidParam('post_id');
    const b = ctx.body as any;
    if (!b || typeof b !== 'object' || Array.isArray(b)) throw invalidBody('post');
    if (b.id !== id) throw new ApiError(400, 'api.context.invalid_param.app_error', 'Invalid id parameter.');
    const p = store.posts.get(id);
    if (!p) throw forbidden('userId=' + ctx.user.id + ', permission=edit_post');
    const ch = store.channels.get(p.channel_id);
    if (!ch || !store.canRead(ch, ctx.user.id) || p.user_id !== ctx.user.id) throw forbidden('userId=' + ctx.user.id + ', permission=edit_post');
    // Full replace: omitted fields are blank (file_ids kept when null).
    const changes: Parameters<Posts['applyEdit']>[1] = {
      message: typeof b.message === 'string' ? b.message : '',
      props: b.props && typeof b.props === 'object' && !Array.isArray(b.props) ? b.props : {},
    };
    if (Array.isArray(b.file_ids)) changes.file_ids = b.file_ids;
    return ok(store.wirePost(posts.applyEdit(p, changes)));
  });
  r.add('GET', '/api/v4/posts/{post_id}/thread', (ctx) => {
    const p = postParam(ctx);
    const rootId = p.root_id || p.id;
    const thread = store.thread(rootId).filter((x) => x.delete_at === 0);
    return ok(store.postList(newestFirst(thread)));
  });
  r.add('GET', '/api/v4/channels/{channel_id}/posts', (ctx) => channelPosts(ctx, channelParam(ctx)));

  // ---- reactions --------------------------------------------------------------------------
  r.add('POST', '/api/v4/reactions', (ctx) => {
    const b = ctx.body as any;
    if (!b || typeof b !== 'object' || Array.isArray(b)) throw invalidBody('reaction');
    if (b.user_id !== ctx.user.id) {
      throw new ApiError(403, 'api.reaction.save_reaction.user_id.app_error', 'You cannot save reaction for the other user.');
    }
    if (!isValidId(b.post_id)) throw new ApiError(400, 'model.reaction.is_valid.post_id.app_error', 'Invalid post id.');
    const emoji = b.emoji_name;
    if (typeof emoji !== 'string' || !/^[A-Za-z0-9_+-]{1,64}$/.test(emoji)) {
      throw new ApiError(400, 'model.reaction.is_valid.emoji_name.app_error', 'Invalid emoji name.', 'emoji_name=' + String(emoji));
    }
    const p = store.posts.get(b.post_id);
    if (!p) throw forbidden('userId=' + ctx.user.id + ', permission=add_reaction');
    const ch = store.channels.get(p.channel_id);
    if (!ch || !store.isChannelMember(ch.id, ctx.user.id)) throw forbidden('userId=' + ctx.user.id + ', permission=add_reaction');
    return ok(clone(posts.addReaction(ctx.user.id, p, emoji)), 200); // 200, not the spec's 201 (contract §3)
  });
  r.add('DELETE', '/api/v4/users/{user_id}/posts/{post_id}/reactions/{emoji_name}', (ctx) => {
    const uid = userParam(ctx);
    const p = postParam(ctx);
    const emoji = ctx.params.emoji_name ?? '';
    if (!/^[A-Za-z0-9_+-]{1,64}$/.test(emoji)) throw invalidParam('emoji_name');
    if (uid !== ctx.user.id) throw new ApiError(403, 'api.reaction.delete.user_id.app_error', 'You cannot delete reaction for the other user.');
    if (!store.isChannelMember(p.channel_id, ctx.user.id)) throw forbidden('userId=' + ctx.user.id + ', permission=remove_reaction');
    posts.removeReaction(uid, p, emoji);
    return ok({ status: 'OK' });
  });
  r.add('GET', '/api/v4/posts/{post_id}/reactions', (ctx) => {
    const p = postParam(ctx);
    return ok(clone(store.reactions.get(p.id) ?? []));
  });

  // ---- interactive actions ----------------------------------------------------------------
  r.add('POST', '/api/v4/posts/{post_id}/actions/{action_id}', async (ctx) => {
    const p = postParam(ctx);
    const actionId = ctx.params.action_id ?? '';
    const b = (ctx.body && typeof ctx.body === 'object' ? ctx.body : {}) as { selected_option?: unknown; cookie?: unknown };
    const triggerId = await integrations.doPostAction(ctx.user, p, actionId, typeof b.selected_option === 'string' ? b.selected_option : '');
    return ok({ status: 'OK', trigger_id: triggerId });
  });

  function channelPosts(ctx: Ctx, ch: Channel): Result {
    const q = ctx.query;
    const sinceRaw = q.get('since');
    if (sinceRaw !== null && sinceRaw !== '') {
      const since = Number(sinceRaw);
      if (!Number.isFinite(since)) throw invalidParam('since');
      if (since > 0) {
        const changed = newestFirst(store.channelPosts(ch.id, true).filter((p) => p.update_at > since)).slice(0, 1000);
        const ids = new Set(changed.map((p) => p.id));
        const roots: Post[] = [];
        for (const p of changed) {
          if (p.root_id && !ids.has(p.root_id)) {
            const root = store.posts.get(p.root_id);
            if (root && !roots.includes(root)) roots.push(root);
          }
        }
        return ok(store.postList(changed, roots));
      }
    }
    let perPage = Number(q.get('per_page') ?? '60');
    if (!Number.isFinite(perPage) || perPage < 0) throw invalidParam('per_page');
    perPage = Math.min(Math.floor(perPage) || 60, 200);
    const page = Math.max(0, Math.floor(Number(q.get('page') ?? '0')) || 0);
    const includeDeleted = q.get('include_deleted') === 'true';
    const all = newestFirst(store.channelPosts(ch.id, includeDeleted)); // newest first
    const before = q.get('before') ?? '';
    const after = q.get('after') ?? '';
    let slice: Post[];
    let prev = '';
    let next = '';
    if (before || after) {
      const cursor = before || after;
      if (!isValidId(cursor)) throw invalidParam(before ? 'before' : 'after');
      const idx = all.findIndex((p) => p.id === cursor);
      if (idx < 0) return ok(store.postList([]));
      if (before) {
        const older = all.slice(idx + 1); // newest first
        slice = older.slice(page * perPage, page * perPage + perPage);
        if (slice.length) {
          const lastIdx = idx + 1 + page * perPage + slice.length - 1;
          prev = all[lastIdx + 1]?.id ?? '';
          next = all[idx + 1 + page * perPage - 1]?.id ?? '';
        }
      } else {
        const newer = all.slice(0, idx).reverse(); // oldest first, starting next to the cursor
        const chunk = newer.slice(page * perPage, page * perPage + perPage);
        slice = [...chunk].reverse();
        if (slice.length) {
          const newestIdx = all.indexOf(slice[0]!);
          const oldestIdx = all.indexOf(slice[slice.length - 1]!);
          next = all[newestIdx - 1]?.id ?? '';
          prev = all[oldestIdx + 1]?.id ?? '';
        }
      }
    } else {
      slice = all.slice(page * perPage, page * perPage + perPage);
      if (slice.length) {
        prev = all[page * perPage + slice.length]?.id ?? '';
        next = page > 0 ? (all[page * perPage - 1]?.id ?? '') : '';
      }
    }
    const ids = new Set(slice.map((p) => p.id));
    const roots: Post[] = [];
    for (const p of slice) {
      if (p.root_id && !ids.has(p.root_id)) {
        const root = store.posts.get(p.root_id);
        if (root && !roots.includes(root)) roots.push(root);
      }
    }
    return ok(store.postList(slice, roots, prev, next));
  }

  return r;
}
