// The slash command endpoint (contract §9). Mattermost waits at most a few seconds for the answer, so we verify
// the token, answer 200 with an ephemeral acknowledgement at once, and hand the command to the robot; its reply
// is posted later through REST like any other reply.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { HttpHandler, InboundMessage } from '../../src/robot/types.js';
import { header, jsonResponse, parseBody, secretEquals } from './http.js';

export const SLASH_PATH = '/mattermost/slash';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The InboundMessage for a slash request's fields (pure). */
export function slashMessage(fields: Record<string, unknown>): InboundMessage {
  const trigger = str(fields['trigger_id']);
  const rootId = str(fields['root_id']);
  const channelName = str(fields['channel_name']);
  return {
    // trigger_id is unique per invocation; a retried delivery of the same request keeps its id.
    id: trigger ? `slash:${trigger}` : `slash:${randomUUID()}`,
    kind: 'slash',
    text: str(fields['text']).trim(),
    userId: str(fields['user_id']),
    userName: str(fields['user_name']),
    channelId: str(fields['channel_id']),
    ...(channelName ? { channelName } : {}),
    ...(rootId ? { threadId: rootId } : {}),
    addressed: true,
    source: 'mattermost',
  };
}

export function createSlashHandler(opts: {
  slashToken: string | undefined;
  trigger: string;
  log: Logger;
  /** Checks the team and channel the request names, and looks the user's name up by id (not from the body). */
  origin: (teamId: string, channelId: string, userId: string) => Promise<{ ok: true; userName: string } | { ok: false; why: string }>;
  /** Hand the message to the robot; false when the adapter is not running. */
  dispatch: (msg: InboundMessage, responseUrl: string | undefined) => boolean;
}): HttpHandler {
  return async (req) => {
    const fields = parseBody(req);
    const auth = header(req, 'authorization') ?? '';
    const given = /^token\s+/i.test(auth) ? auth.replace(/^token\s+/i, '').trim() : str(fields?.['token']);
    if (!opts.slashToken || !given || !secretEquals(given, opts.slashToken)) {
      opts.log.warn({ path: req.path }, 'mattermost slash command refused: bad or missing token');
      return jsonResponse(401, { response_type: 'ephemeral', text: 'unauthorized' });
    }
    if (!fields) return jsonResponse(400, { response_type: 'ephemeral', text: 'unreadable request' });
    const parsed = slashMessage(fields);
    if (!parsed.userId || !parsed.channelId) {
      return jsonResponse(400, { response_type: 'ephemeral', text: 'missing user_id or channel_id' });
    }
    // The token says "Mattermost sent this"; the team and channel must be ours too.
    const origin = await opts.origin(str(fields['team_id']), parsed.channelId, parsed.userId);
    if (!origin.ok) {
      opts.log.warn({ path: req.path, why: origin.why }, 'mattermost slash command refused');
      return jsonResponse(403, { response_type: 'ephemeral', text: `refused: ${origin.why}` });
    }
    const msg = { ...parsed, userName: origin.userName };
    const responseUrl = str(fields['response_url']) || undefined;
    if (!opts.dispatch(msg, responseUrl)) {
      return jsonResponse(200, { response_type: 'ephemeral', text: 'Summoner is not running right now. Try again in a moment.' });
    }
    const shown = msg.text ? `/${opts.trigger} ${msg.text}` : `/${opts.trigger}`;
    return jsonResponse(200, { response_type: 'ephemeral', text: `On it: \`${shown.replace(/`/g, "'")}\`` });
  };
}
