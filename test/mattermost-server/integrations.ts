// Outbound integrations: custom slash commands (contract §9), interactive buttons (§10),
// and the command response_url endpoint `/hooks/commands/{id}`.
import { ApiError, Router } from './http.js';
import type { Hub } from './hub.js';
import { newId } from './ids.js';
import type { Posts } from './posts.js';
import type { Store } from './store.js';
import type { Channel, Post, User } from './types.js';

export interface IntegrationOptions {
  /** Time limit for outbound integration requests (OutgoingIntegrationRequestsTimeout). Default 30 s. */
  integrationTimeoutMs?: number;
}

const RETAINED_PROPS = ['from_webhook', 'override_username', 'override_icon_url', 'from_bot'];

/** An incoming webhook (Integrations → Incoming Webhooks): posts as its creator, into its channel. */
export interface IncomingWebhook {
  id: string;
  userId: string;
  channelId: string;
  teamId: string;
  displayName: string;
  /** "Lock to this channel": the payload's `channel` is refused. */
  channelLocked: boolean;
}

export class Integrations {
  private incoming = new Map<string, IncomingWebhook>();
  private responseUrls = new Map<string, { userId: string; channelId: string; rootId: string; uses: number }>();
  private timeoutMs: number;

  constructor(
    private store: Store,
    private posts: Posts,
    private hub: Hub,
    private siteUrl: () => string,
    opts: IntegrationOptions = {},
  ) {
    this.timeoutMs = opts.integrationTimeoutMs ?? 30_000;
  }

  createIncomingWebhook(o: { userId: string; channelId: string; displayName?: string; channelLocked?: boolean }): IncomingWebhook {
    const ch = this.store.channels.get(o.channelId);
    if (!ch || !ch.team_id) throw new Error(`createIncomingWebhook: no team channel ${o.channelId}`);
    if (!this.store.users.get(o.userId)) throw new Error(`createIncomingWebhook: no user ${o.userId}`);
    const hook: IncomingWebhook = { id: newId(), userId: o.userId, channelId: ch.id, teamId: ch.team_id, displayName: o.displayName ?? '', channelLocked: o.channelLocked ?? false };
    this.incoming.set(hook.id, hook);
    return { ...hook };
  }

  /**
   * POST /hooks/{id} the way Mattermost handles it (app/webhook.go): the post is made as the hook's CREATOR,
   * with props from_webhook "true", override_username / override_icon_url when the payload sets them
   * (EnablePostUsernameOverride / EnablePostIconOverride on), and webhook_display_name. `channel` may name
   * another channel of the team, or `@user`: the direct channel between the creator and that user.
   */
  private incomingWebhookPost(hook: IncomingWebhook, body: any): void {
    if (!body || typeof body !== 'object') throw new ApiError(400, 'web.incoming_webhook.parse.app_error', 'Unable to parse incoming data.');
    const text = typeof body.text === 'string' ? body.text : '';
    const attachments = Array.isArray(body.attachments) ? body.attachments : undefined;
    if (!text && !attachments) throw new ApiError(400, 'web.incoming_webhook.text.app_error', 'No text specified.');
    const creator = this.store.users.get(hook.userId)!;
    let ch = this.store.channels.get(hook.channelId)!;
    const override = typeof body.channel === 'string' ? body.channel.trim() : '';
    if (override) {
      if (hook.channelLocked && override !== ch.name && override !== ch.id) {
        throw new ApiError(403, 'web.incoming_webhook.channel_locked.app_error', 'This webhook is not permitted to post to the requested channel.');
      }
      if (override.startsWith('@')) {
        const target = this.store.userByName(override.slice(1).toLowerCase());
        if (!target) throw new ApiError(400, 'web.incoming_webhook.user.app_error', "Couldn't find the user.");
        const { channel, created } = this.store.directChannel(hook.userId, target.id);
        if (created) this.directAdded(channel, hook.userId, target.id);
        ch = channel;
      } else {
        const named = this.store.channelByName(hook.teamId, override.replace(/^[#~]/, ''));
        if (!named) throw new ApiError(400, 'web.incoming_webhook.channel.app_error', "Couldn't find the channel.");
        ch = named;
      }
    }
    const props: Record<string, unknown> = { ...(body.props && typeof body.props === 'object' ? body.props : {}), from_webhook: 'true' };
    if (typeof body.username === 'string' && body.username) props.override_username = body.username;
    if (typeof body.icon_url === 'string' && body.icon_url) props.override_icon_url = body.icon_url;
    if (hook.displayName) props.webhook_display_name = hook.displayName;
    if (attachments) props.attachments = attachments;
    const type = typeof body.type === 'string' && body.type ? body.type : attachments ? 'slack_attachment' : '';
    // CreatePostMissingChannel: a webhook may post where its creator is no member (public channels).
    if (!this.store.isChannelMember(ch.id, hook.userId)) this.store.addToChannel(ch.id, hook.userId);
    this.posts.create(creator, { channel_id: ch.id, message: text, props, type }, false);
  }

  directAdded(ch: Channel, creatorId: string, teammateId: string): void {
    this.hub.publish('direct_added', { creator_id: creatorId, teammate_id: teammateId }, { userId: teammateId, channelId: ch.id });
  }

  // ---- slash commands -------------------------------------------------------------------------
  async runSlash(userId: string, channelId: string, text: string, opts: { rootId?: string; trigger?: string } = {}): Promise<{ status: number; body: any }> {
    const s = this.store;
    const user = s.users.get(userId);
    const ch = s.channels.get(channelId);
    if (!user) throw new Error(`runSlash: no user ${userId}`);
    if (!ch) throw new Error(`runSlash: no channel ${channelId}`);
    let trigger: string;
    let rest: string;
    if (opts.trigger) {
      trigger = opts.trigger.replace(/^\//, '');
      rest = text.replace(/^\/\S+\s*/, (m) => (m.trim().slice(1) === trigger ? '' : m));
    } else {
      const m = /^\/(\S+)\s*([\s\S]*)$/.exec(text);
      if (!m) throw new Error(`runSlash: text must start with /trigger: ${text}`);
      trigger = m[1]!;
      rest = m[2]!;
    }
    const teamIds = ch.team_id ? [ch.team_id] : [...s.teams.keys()].filter((t) => s.isTeamMember(t, userId));
    const cmd = s.commands.find((c) => c.trigger === trigger && teamIds.includes(c.teamId));
    if (!cmd) throw new Error(`runSlash: no command /${trigger} for this team`);
    const team = s.teams.get(cmd.teamId)!;
    const rootId = opts.rootId ?? '';
    const hookId = newId();
    this.responseUrls.set(hookId, { userId, channelId, rootId, uses: 0 });
    const form = new URLSearchParams({
      channel_id: ch.id,
      channel_name: ch.name,
      command: `/${trigger}`,
      response_url: `${this.siteUrl()}/hooks/commands/${hookId}`,
      team_domain: team.name,
      team_id: team.id,
      text: rest,
      token: cmd.token,
      trigger_id: newId(),
      user_id: user.id,
      user_name: user.username,
    });
    if (rootId) form.set('root_id', rootId);
    const mentioned = [...new Set((rest.match(/@[a-z0-9][a-z0-9._-]*/gi) ?? []).map((m) => m.slice(1)))]
      .map((n) => s.userByName(n.toLowerCase()))
      .filter((u): u is User => !!u);
    mentioned.forEach((u, i) => {
      form.set(`user_mentions[${i}]`, u.username);
      form.set(`user_mentions_ids[${i}]`, u.id);
    });
    const chanMentions = [...new Set((rest.match(/~[a-z0-9][a-z0-9_-]*/gi) ?? []).map((m) => m.slice(1)))]
      .map((n) => s.channelByName(team.id, n))
      .filter((c): c is Channel => !!c);
    chanMentions.forEach((c, i) => {
      form.set(`channel_mentions[${i}]`, c.name);
      form.set(`channel_mentions_ids[${i}]`, c.id);
    });

    let res: Response;
    try {
      res = await fetch(cmd.url, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          Authorization: `Token ${cmd.token}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      return { status: 0, body: { error: String(e) } };
    }
    const ct = res.headers.get('content-type') ?? '';
    const raw = await res.text();
    let body: any;
    if (ct.split(';')[0]!.trim() === 'application/json') {
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = { text: raw };
      }
    } else {
      body = { text: raw };
    }
    if (res.status === 200) this.applyCommandResponse(user, ch, rootId, body);
    return { status: res.status, body };
  }

  /** Turn a CommandResponse (and its extra_responses) into posts or ephemeral messages. */
  private applyCommandResponse(user: User, ch: Channel, rootId: string, resp: any): void {
    if (!resp || typeof resp !== 'object') return;
    const all = [resp, ...(Array.isArray(resp.extra_responses) ? resp.extra_responses : [])];
    for (const r of all) {
      if (!r || typeof r !== 'object') continue;
      const text = typeof r.text === 'string' ? r.text : '';
      const attachments = Array.isArray(r.attachments) ? r.attachments : undefined;
      if (!text && !attachments) continue;
      const targetCh = typeof r.channel_id === 'string' && r.channel_id ? (this.store.channels.get(r.channel_id) ?? ch) : ch;
      const props: Record<string, unknown> = { ...(r.props && typeof r.props === 'object' ? r.props : {}), from_webhook: 'true' };
      // CommandResponse.username / icon_url become the post's overrides (model/command_response.go).
      if (typeof r.username === 'string' && r.username) props.override_username = r.username;
      if (typeof r.icon_url === 'string' && r.icon_url) props.override_icon_url = r.icon_url;
      if (attachments) props.attachments = attachments;
      if (r.response_type === 'in_channel') {
        const { post } = this.posts.create(user, { channel_id: targetCh.id, message: text, root_id: rootId, props, type: typeof r.type === 'string' ? r.type : '' });
        void post;
      } else {
        this.posts.ephemeral(user.id, targetCh.id, text, rootId, user.id, { props });
      }
    }
  }

  /** POST /hooks/commands/{id}: delayed command responses (plain text or JSON), at most 5 uses. */
  hookRoutes(): Router {
    const r = new Router();
    r.add(
      'POST',
      '/hooks/{id}',
      (ctx) => {
        const hook = this.incoming.get(ctx.params.id ?? '');
        if (!hook) throw new ApiError(400, 'web.incoming_webhook.invalid.app_error', 'Invalid webhook.');
        const ct = String(ctx.headers['content-type'] ?? '').split(';')[0]!.trim();
        let body: unknown = ctx.body;
        if (ct === 'application/x-www-form-urlencoded') {
          const payload = new URLSearchParams(ctx.rawBody.toString('utf8')).get('payload');
          try {
            body = payload ? JSON.parse(payload) : undefined;
          } catch {
            body = undefined;
          }
        }
        this.incomingWebhookPost(hook, body);
        return { status: 200, text: { contentType: 'text/plain', body: 'ok' } };
      },
      { auth: false },
    );
    r.add(
      'POST',
      '/hooks/commands/{id}',
      (ctx) => {
        const entry = this.responseUrls.get(ctx.params.id ?? '');
        if (!entry) throw new ApiError(404, 'web.command_webhook.invalid.app_error', 'Invalid webhook.');
        if (entry.uses >= 5) throw new ApiError(400, 'app.command_webhook.try_use.app_error', 'Unable to use the webhook.');
        entry.uses++;
        const ct = String(ctx.headers['content-type'] ?? '').split(';')[0]!.trim();
        const resp = ct === 'application/json' ? ctx.body : { text: ctx.rawBody.toString('utf8') };
        const user = this.store.users.get(entry.userId)!;
        const ch = this.store.channels.get(entry.channelId)!;
        this.applyCommandResponse(user, ch, entry.rootId, resp);
        return { status: 200, text: { contentType: 'text/plain', body: 'ok' } };
      },
      { auth: false },
    );
    return r;
  }

  // ---- interactive buttons ------------------------------------------------------------------
  async doPostAction(user: User, post: Post, actionId: string, selectedOption: string): Promise<string> {
    const action = findAction(post, actionId);
    if (!action) throw new ApiError(404, 'api.post.do_action.action_id.app_error', 'Invalid action id.', 'action_id=' + actionId);
    const ch = this.store.channels.get(post.channel_id)!;
    const team = ch.team_id ? this.store.teams.get(ch.team_id) : undefined;
    const triggerId = newId() + ':' + Buffer.from(`${user.id}:${Date.now()}`).toString('base64url');
    const context: Record<string, unknown> = { ...(action.integration?.context ?? {}) };
    if (selectedOption) context.selected_option = selectedOption;
    const request = {
      user_id: user.id,
      user_name: user.username,
      channel_id: ch.id,
      channel_name: ch.name,
      team_id: team?.id ?? '',
      team_domain: team?.name ?? '',
      post_id: post.id,
      trigger_id: triggerId,
      data_source: action.data_source ?? '',
      type: action.type ?? 'button',
      context,
    };
    const url = action.integration?.url;
    const fail = (detail: string) =>
      new ApiError(400, 'api.post.do_action.action_integration.app_error', 'Action integration error.', detail);
    if (typeof url !== 'string' || !url) throw fail('no integration url');
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw fail(String(e));
    }
    const raw = await res.text();
    if (res.status !== 200) throw fail('status=' + res.status);
    let resp: any = {};
    if (raw.trim()) {
      try {
        resp = JSON.parse(raw);
      } catch (e) {
        throw fail('invalid response: ' + String(e));
      }
    }
    if (resp && typeof resp === 'object' && resp.update && typeof resp.update === 'object') {
      const upd = resp.update;
      let props: Record<string, unknown> | undefined;
      if (upd.props === undefined || upd.props === null) props = undefined;
      else if (typeof upd.props === 'object') {
        const next: Record<string, unknown> = { ...upd.props };
        for (const k of RETAINED_PROPS) if (post.props[k] !== undefined) next[k] = post.props[k];
        props = next;
      }
      this.posts.applyEdit(post, {
        message: typeof upd.message === 'string' ? upd.message : '',
        ...(props !== undefined ? { props } : {}),
      });
    }
    if (resp && typeof resp.ephemeral_text === 'string' && resp.ephemeral_text) {
      this.posts.ephemeral(user.id, ch.id, resp.ephemeral_text, post.root_id || post.id, user.id);
    }
    return triggerId;
  }
}

function findAction(post: Post, actionId: string): any {
  const atts = post.props?.attachments;
  if (!Array.isArray(atts)) return undefined;
  for (const att of atts) for (const a of att?.actions ?? []) if (a?.id === actionId) return a;
  return undefined;
}
