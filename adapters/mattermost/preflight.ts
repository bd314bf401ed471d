// Start-up checks: token, team, channels, memberships. Each failure becomes one sentence saying what is wrong
// and how to fix it, so a misconfigured bot fails at start instead of going quietly deaf. Never prints the token.
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import type { MattermostConfig } from '../../src/config/schema.js';
import { MattermostHttpError, type Rest, type RetryPolicy } from './rest.js';

export interface Preflight {
  me: UserProfile;
  team: Team;
  /** Configured channels, in config order. */
  channels: Channel[];
}

const statusOf = (err: unknown): number | undefined => (err instanceof MattermostHttpError ? err.status : undefined);
const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function preflight(rest: Rest, config: MattermostConfig): Promise<Preflight> {
  const site = rest.siteUrl;
  // A few quick retries: a server restarting or a burst of 429 should not fail the start.
  const policy: RetryPolicy = { minMs: 200, maxMs: 2_000, maxAttempts: 4 };

  // The questions that do not depend on each other go out together: against a remote server each wait is a
  // round trip, and the socket opens only after the last one. Failures are told in the same order as before
  // (a bad token first: the teams call fails the same way then).
  const [meR, teamsR] = await Promise.allSettled([rest.call((c) => c.getMe(), policy), rest.call((c) => c.getMyTeams(), policy)]);
  if (meR.status === 'rejected') {
    const err: unknown = meR.reason;
    const s = statusOf(err);
    if (s === 401) throw new Error(`token rejected by ${site}: ${describe(err)} (check SUMMONER_MATTERMOST_TOKEN: it must be the bot's personal access token)`);
    if (s === undefined) throw new Error(`cannot reach Mattermost at ${site}: ${describe(err)}`);
    throw new Error(`Mattermost at ${site} refused GET /api/v4/users/me: ${describe(err)}`);
  }
  const me = meR.value;
  const bot = `@${me.username}`;
  if (teamsR.status === 'rejected') throw new Error(`cannot list the teams of ${bot} on ${site}: ${describe(teamsR.reason)}`);
  const myTeams = teamsR.value;
  let team = myTeams.find((t) => t.name === config.team);
  if (!team) {
    let exists: Team | undefined;
    try {
      exists = await rest.call((c) => c.getTeamByName(config.team), policy);
    } catch (err) {
      if (statusOf(err) === 404) throw new Error(`team "${config.team}" does not exist on ${site} (mattermost.team must be the team's name, as in its URL)`);
      if (statusOf(err) !== 403) throw new Error(`cannot look up team "${config.team}" on ${site}: ${describe(err)}`);
    }
    const how = exists ? `POST /api/v4/teams/${exists.id}/members` : 'System Console > User Management > Teams';
    throw new Error(`bot ${bot} is not a member of team "${config.team}": add it with ${how}`);
  }

  const problems: string[] = [];
  const channels: Channel[] = [];
  // every channel looked up at once; told in the config's order
  const looked = await Promise.all(config.channels.map((name) => lookUpChannel(rest, { team, bot, policy }, name.replace(/^~/, ''))));
  for (const r of looked) {
    if ('problem' in r) problems.push(r.problem);
    else channels.push(r.channel);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { me, team, channels };
}

interface Where {
  team: Team;
  /** `@botname`, for the hints. */
  bot: string;
  policy: RetryPolicy;
}

/** A channel of the team by name: it exists, is not archived, and the bot is a member; else one sentence saying how to fix it. */
async function lookUpChannel(rest: Rest, w: Where, ch: string): Promise<{ channel: Channel } | { problem: string }> {
  const { team, bot, policy } = w;
  let channel: Channel;
  try {
    channel = await rest.call((c) => c.getChannelByName(team.id, ch), policy);
  } catch (err) {
    const s = statusOf(err);
    if (s === 404) return { problem: `channel ~${ch} does not exist in team "${team.name}"` };
    if (s === 403) return { problem: `channel ~${ch} is private and bot ${bot} is not a member: add it with /invite ${bot} ~${ch}` };
    return { problem: `cannot look up channel ~${ch}: ${describe(err)}` };
  }
  if (channel.delete_at > 0) return { problem: `channel ~${ch} is archived` };
  try {
    await rest.call((c) => c.getMyChannelMember(channel.id), policy);
    return { channel };
  } catch (err) {
    const s = statusOf(err);
    if (s === 404 || s === 403) {
      return { problem: `bot ${bot} is not a member of channel ~${ch}: add it with /invite ${bot} ~${ch} (or POST /api/v4/channels/${channel.id}/members)` };
    }
    return { problem: `cannot check membership of ${bot} in channel ~${ch}: ${describe(err)}` };
  }
}

/**
 * Where notifications will be posted (`~channel`, `channel`, `@user` or a channel id), checked once at start:
 * only the bad ones come back, each with one sentence. A user must exist and be active (the post goes to the
 * direct channel with the bot, made on first use).
 */
export async function checkDestinations(rest: Rest, w: Where, names: readonly string[]): Promise<Map<string, string>> {
  const problems = new Map<string, string>();
  // looked up at once (each may be a round trip or three), told in the order given
  const found = await Promise.all([...new Set(names)].map(async (name) => [name, await destinationProblem(rest, w, name)] as const));
  for (const [name, problem] of found) if (problem) problems.set(name, problem);
  return problems;
}

/** What is wrong with one notification destination, or undefined. */
async function destinationProblem(rest: Rest, w: Where, name: string): Promise<string | undefined> {
  if (name.startsWith('@')) {
    const user = name.slice(1);
    try {
      const u = await rest.call((c) => c.getUserByUsername(user), w.policy);
      return u.delete_at > 0 ? `user @${user} is deactivated` : undefined;
    } catch (err) {
      return statusOf(err) === 404 ? `user @${user} does not exist` : `cannot look up user @${user}: ${describe(err)}`;
    }
  }
  if (/^[a-z0-9]{26}$/.test(name)) {
    let ch: Channel;
    try {
      ch = await rest.call((c) => c.getChannel(name), w.policy);
    } catch (err) {
      const s = statusOf(err);
      return s === 404 || s === 403 ? `channel id ${name} does not exist or bot ${w.bot} cannot read it` : `cannot look up channel ${name}: ${describe(err)}`;
    }
    if (ch.delete_at > 0) return `channel ${name} is archived`;
    const r = await lookUpChannel(rest, w, ch.name);
    return 'problem' in r ? r.problem : undefined;
  }
  const r = await lookUpChannel(rest, w, name.replace(/^~/, ''));
  return 'problem' in r ? r.problem : undefined;
}
