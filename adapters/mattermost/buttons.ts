// Buttons as interactive message attachments (contract §10), and the endpoint Mattermost calls on a click.
// Each button's context carries `token`, an HMAC (under a secret of this install, kept 0600 in the state folder)
// of the rest of the context, which binds the robot's proposal id and decision to the one user who may click
// (`bound_user`), the post the button is on (`bound_post`) and an expiry (`bound_until`). The click handler
// trusts only that signed context: the clicking user Mattermost names must be the bound user, the post the
// bound post, and the time before the expiry.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Button, ButtonClick, ClickAnswer, HttpHandler, HttpResponseInfo, Outbound, RobotPort } from '../../src/robot/types.js';
import { parseBody, jsonResponse } from './http.js';

export const ACTIONS_PATH = '/mattermost/actions';
const TOKEN_KEY = 'token';
/** Keys we add to a button's context and sign (the robot's own keys may not use them). */
const BOUND = ['bound_user', 'bound_post', 'bound_until'] as const;

function canonical(context: Record<string, string>): string {
  const keys = Object.keys(context)
    .filter((k) => k !== TOKEN_KEY)
    .sort();
  return JSON.stringify(keys.map((k) => [k, context[k]]));
}

export function signContext(secret: Buffer, context: Record<string, string>): string {
  return createHmac('sha256', secret).update(canonical(context)).digest('base64url');
}

/** The button context without its token when the token is genuine, else undefined. */
export function verifyContext(secret: Buffer, context: unknown): Record<string, string> | undefined {
  if (!context || typeof context !== 'object') return undefined;
  const ctx: Record<string, string> = {};
  for (const [k, v] of Object.entries(context as Record<string, unknown>)) {
    if (typeof v !== 'string') return undefined; // we only ever sign strings
    ctx[k] = v;
  }
  const token = ctx[TOKEN_KEY];
  if (!token) return undefined;
  const expected = Buffer.from(signContext(secret, ctx));
  const given = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  delete ctx[TOKEN_KEY];
  return ctx;
}

/** Action ids must be letters and digits (the server generates one otherwise, and we want stable ids). */
export function actionId(id: string, index: number): string {
  const clean = id.replace(/[^A-Za-z0-9]/g, '');
  return clean !== '' ? clean : `action${index}`;
}

function attachmentAction(button: Button, index: number, actionUrl: string, secret: Buffer, postId: string): Record<string, unknown> {
  const context: Record<string, string> = { ...button.context };
  for (const k of [TOKEN_KEY, ...BOUND]) delete context[k]; // reserved for the signature and the binding
  context['bound_user'] = button.forUser ?? '';
  context['bound_post'] = postId;
  context['bound_until'] = button.expiresAt === undefined ? '' : String(button.expiresAt);
  return {
    id: actionId(button.id, index),
    type: 'button',
    name: button.label,
    style: button.style ?? 'default',
    integration: { url: actionUrl, context: { ...context, [TOKEN_KEY]: signContext(secret, context) } },
  };
}

/**
 * Post body for one chunk of an Outbound. Buttons and colour go to the last chunk only.
 * With a colour, the text moves into a coloured attachment (a bare colour bar under a message looks broken).
 * Buttons are signed for the post they are on: without its id (a post not created yet) they are left out,
 * and the caller adds them once the post exists.
 */
export function renderPost(
  out: Outbound,
  text: string,
  last: boolean,
  actionUrl: string,
  secret: Buffer,
  postId?: string,
): { message: string; props: Record<string, unknown> } {
  const buttons = last && postId ? (out.buttons ?? []) : [];
  const color = last ? out.color : undefined;
  if (buttons.length === 0 && !color) return { message: text, props: {} };
  const attachment: Record<string, unknown> = { fallback: text || out.buttons?.map((b) => b.label).join(' / ') || '' };
  if (color) {
    attachment['color'] = color;
    attachment['text'] = text;
  }
  if (buttons.length > 0) attachment['actions'] = buttons.map((b, i) => attachmentAction(b, i, actionUrl, secret, postId!));
  return { message: color ? '' : text, props: { attachments: [attachment] } };
}

interface ClickRequest {
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  post_id?: string;
  context?: unknown;
}

export function createActionHandler(opts: {
  secret: Buffer;
  actionUrl: string;
  robot: () => RobotPort | undefined;
  /** The clicking user's name, looked up by id (never the body's user_name). */
  userName: (userId: string) => Promise<string>;
  log: Logger;
  maxRunes: number;
  now?: () => number;
}): HttpHandler {
  const now = opts.now ?? Date.now;
  const ephemeral = (text: string): HttpResponseInfo => jsonResponse(200, { ephemeral_text: text });
  return async (req) => {
    const body = parseBody(req) as ClickRequest | undefined;
    if (!body || typeof body !== 'object') return jsonResponse(400, { error: 'expected a JSON body' });
    const signed = verifyContext(opts.secret, body.context);
    if (!signed) {
      opts.log.warn({ postId: body.post_id, userId: body.user_id }, 'mattermost button click refused: bad or missing token');
      return ephemeral('This button is not valid any more. Run the command again.');
    }
    const { bound_user: u, bound_post: p, bound_until: exp, ...context } = signed;
    if (!p || p !== body.post_id) {
      opts.log.warn({ postId: body.post_id }, 'mattermost button click refused: the context was signed for another post');
      return ephemeral('This button is not valid any more. Run the command again.');
    }
    if (exp && Number(exp) < now()) return ephemeral('This button has expired: nothing was done. Run the command again.');
    if (!u || u !== body.user_id) {
      // Someone else's click must not consume the asker's buttons; nor can a forged body claim to be the asker.
      return ephemeral(u ? `Only @${await opts.userName(u)}, who asked, can answer this. It is still waiting for them.` : 'This button is not valid any more. Run the command again.');
    }
    const robot = opts.robot();
    if (!robot) return ephemeral('Summoner is not running right now. Try again in a moment.');
    const click: ButtonClick = {
      userId: u,
      userName: await opts.userName(u),
      channelId: body.channel_id ?? '',
      postId: p,
      context,
    };
    let answer: ClickAnswer;
    try {
      answer = await robot.click(click);
    } catch (err) {
      opts.log.error({ err, postId: click.postId }, 'robot.click failed');
      return ephemeral('Sorry, that did not work.');
    }
    // A private answer leaves the post and its buttons alone (someone else's click must not consume them).
    if (answer.kind === 'private') return ephemeral(answer.text);
    const out = answer.out;
    const text = [...out.text].length > opts.maxRunes ? [...out.text].slice(0, opts.maxRunes - 1).join('') + '…' : out.text;
    // props {} clears the old attachments, so the buttons disappear unless the answer brings new ones.
    const update = renderPost(out, text, true, opts.actionUrl, opts.secret, p);
    return jsonResponse(200, { update });
  };
}
