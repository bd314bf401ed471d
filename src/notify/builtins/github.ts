// Built-in posts for GitHub events, and for Gitea and Forgejo, whose payloads follow GitHub's (with a few
// fields of their own: compare_url, username). Modelled on Mattermost's GitHub plugin: the repository as a
// link, what happened, on which branch, by whom, and the link to it.
import { plainInline, plainLine } from '../plain.js';
import { bold, commitLines, duration, first, linked, numbered, obj, refName, secondsBetween, str, words, type Obj } from './fields.js';
import { outcomeColor, post, type Post } from './outcome.js';

/** What a built-in says about one event: a post, or `null` when the event is seen and deliberately quiet. */
export type Render = (p: Obj, event: string) => Post | null;

const repoOf = (p: Obj) => {
  const r = obj(p['repository']);
  return linked(first(r['full_name'], r['name']), first(r['html_url'], r['url']));
};
const actorOf = (p: Obj) => {
  const s = obj(p['sender']);
  const pusher = obj(p['pusher']);
  const who = first(s['login'], s['username'], pusher['name'], pusher['username']);
  return who ? plainInline(who) : undefined;
};
/** `[repo] text by actor`, leaving out what is missing. */
const line = (p: Obj, ...parts: (string | undefined)[]) => {
  const repo = repoOf(p);
  const actor = actorOf(p);
  return words(repo ? `${repo}:` : undefined, ...parts, actor ? `by ${actor}` : undefined);
};

function push(p: Obj): Post | null {
  const ref = refName(p['ref']);
  const where = ref ? `${ref.kind} ${bold(ref.name)}` : undefined;
  if (p['deleted'] === true) return post(line(p, `deleted ${where ?? 'a ref'}`));
  const commits = (Array.isArray(p['commits']) ? p['commits'] : []).map(obj);
  const compare = first(p['compare'], p['compare_url']);
  if (ref?.kind === 'tag') return post(line(p, `pushed tag ${linked(ref.name, compare) ?? bold(ref.name)}`));
  const total = typeof p['total_commits'] === 'number' ? p['total_commits'] : commits.length;
  if (total === 0) return post(line(p, p['created'] === true ? `created ${where ?? 'a ref'}` : `pushed to ${where ?? 'a ref'}`));
  const head = `pushed ${linked(`${total} commit${total === 1 ? '' : 's'}`, compare)} to ${where ?? 'a ref'}`;
  const list = commitLines(
    commits.map((c) => ({ id: str(c['id']), message: str(c['message']), url: str(c['url']), author: first(obj(c['author'])['username'], obj(c['author'])['name']) })),
    total,
  );
  return post(`${line(p, head)}\n${list}`);
}

function pullRequest(p: Obj): Post | null {
  const pr = obj(p['pull_request']);
  const action = str(p['action']);
  const num = first(pr['number'], p['number']);
  const title = numbered('#', num, pr['title'], first(pr['html_url'], pr['url']));
  const branches = words(str(obj(pr['head'])['ref']) ? plainInline(obj(pr['head'])['ref']) : undefined, str(obj(pr['base'])['ref']) ? `→ ${plainInline(obj(pr['base'])['ref'])}` : undefined);
  const onBranches = branches ? `(${branches})` : undefined;
  switch (action) {
    case 'opened':
    case 'reopened':
    case 'ready_for_review':
      return post(line(p, `${action === 'ready_for_review' ? 'marked ready for review' : action} pull request`, title, onBranches));
    case 'closed':
      return pr['merged'] === true
        ? post(line(p, 'merged pull request', title, onBranches), outcomeColor('success'))
        : post(line(p, 'closed pull request', title, onBranches), outcomeColor('cancelled'));
    case 'review_requested': {
      const who = first(obj(p['requested_reviewer'])['login'], obj(p['requested_reviewer'])['username'], obj(p['requested_team'])['name']);
      return post(line(p, 'requested a review of', title, who ? `from ${plainInline(who)}` : undefined));
    }
    default:
      return null;
  }
}

/** A CI run or job that finished, with its outcome as the colour; started ones only where said. */
function ci(kind: string, o: Obj, p: Obj, opts: { postStart?: boolean } = {}): Post | null {
  const status = str(o['status']);
  const action = str(p['action']);
  const name = first(o['name'], o['display_title'], obj(o['app'])['name'], obj(p['workflow'])['name']) ?? kind;
  // api.github.com URLs are for programs: a check suite has no page of its own
  const url = first(o['html_url'], o['details_url']);
  const branch = first(o['head_branch'], obj(o['check_suite'])['head_branch']);
  const onBranch = branch ? `on ${bold(branch)}` : undefined;
  // a re-run asked for (rerequested, requested_action) carries the old result: the run's own events follow
  if (action === 'rerequested' || action === 'requested_action') return null;
  if (status === 'completed' || action === 'completed') {
    const conclusion = first(o['conclusion']) ?? 'finished';
    const took = duration(secondsBetween(first(o['started_at'], o['run_started_at'], o['created_at']), first(o['completed_at'], o['updated_at'])));
    return post(line(p, `${kind} ${linked(name, url)} ${bold(conclusion.replace(/_/g, ' '))}`, onBranch, took ? `in ${took}` : undefined), outcomeColor(conclusion));
  }
  if (opts.postStart && (action === 'requested' || action === 'created')) return post(line(p, `${kind} ${linked(name, url)} started`, onBranch));
  return null;
}

function status(p: Obj): Post | null {
  const state = str(p['state']);
  if (!state || state === 'pending') return null;
  const ctx = first(p['context']) ?? 'status';
  const sha = str(p['sha']) && /^[0-9a-f]{7,64}$/i.test(str(p['sha'])!) ? str(p['sha']) : undefined;
  const branch = (Array.isArray(p['branches']) ? p['branches'] : []).map(obj).map((b) => str(b['name'])).find(Boolean);
  const desc = str(p['description']);
  return post(
    line(p, `${linked(ctx, p['target_url'])} ${bold(state)}`, sha ? `for ${linked(sha.slice(0, 7), obj(p['commit'])['html_url'])}` : undefined, branch ? `on ${bold(branch)}` : undefined, desc ? `(${plainLine(desc)})` : undefined),
    outcomeColor(state),
  );
}

/**
 * A release is said once, when it is `published`: GitHub sends `created`, `published` and `released` (or
 * `prereleased`) for one release published at once, and `created` alone for a saved draft; Gitea and Forgejo
 * send `published`.
 */
function release(p: Obj): Post | null {
  const r = obj(p['release']);
  if (str(p['action']) !== 'published' || r['draft'] === true) return null;
  const name = first(r['name'], r['tag_name']) ?? 'a release';
  const tag = str(r['tag_name']);
  return post(line(p, `${r['prerelease'] === true ? 'published pre-release' : 'published release'} ${linked(name, r['html_url'])}`, tag && tag !== name ? `(tag ${plainInline(tag)})` : undefined));
}

function issues(p: Obj): Post | null {
  const i = obj(p['issue']);
  const action = str(p['action']);
  if (action !== 'opened' && action !== 'closed' && action !== 'reopened') return null;
  const title = numbered('#', i['number'], i['title'], first(i['html_url'], i['url']));
  return post(line(p, `${action} issue`, title), action === 'closed' ? outcomeColor('cancelled') : undefined);
}

/** A comment on an issue or pull request (Gitea and Forgejo send both as issue_comment): its first line, linked. */
function issueComment(p: Obj): Post | null {
  if (str(p['action']) !== 'created') return null;
  const i = obj(p['issue']);
  const c = obj(p['comment']);
  const onPull = i['pull_request'] !== undefined || p['is_pull'] === true;
  const title = numbered('#', i['number'], i['title'], first(c['html_url'], i['html_url']));
  const text = str(c['body']);
  return post(`${line(p, `commented on ${onPull ? 'pull request' : 'issue'}`, title)}${text ? `\n> ${plainLine(text)}` : ''}`);
}

/** The first thing GitHub sends once a hook is made: it proves the route, the secret and the content type work. */
function ping(p: Obj): Post | null {
  const h = obj(p['hook']);
  const events = (Array.isArray(h['events']) ? h['events'] : []).map(str).filter((e): e is string => !!e);
  const where = repoOf(p) ?? linked(first(obj(p['organization'])['login']), undefined);
  return post(words('webhook connected', where ? `for ${where}` : undefined, events.length ? `(events: ${events.map(plainInline).join(', ')})` : undefined));
}

function deployment(p: Obj): Post | null {
  const d = obj(p['deployment']);
  const env = first(d['environment'], p['environment']) ?? 'an environment';
  const ref = first(d['ref']);
  if (p['deployment_status'] !== undefined) {
    const s = obj(p['deployment_status']);
    const state = first(s['state']) ?? 'unknown';
    if (state === 'queued' || state === 'pending') return null;
    const url = first(s['environment_url'], s['target_url'], s['log_url']);
    return post(line(p, `deployment to ${linked(env, url)} ${bold(state.replace(/_/g, ' '))}`, ref ? `(${plainInline(ref)})` : undefined), outcomeColor(state));
  }
  if (str(p['action']) !== 'created') return null;
  return post(line(p, `started a deployment of ${bold(ref ?? first(d['sha']) ?? 'a ref')} to ${plainInline(env)}`));
}

/** The events each renderer covers (GitHub's X-GitHub-Event, Gitea's X-Gitea-Event). */
export const GITHUB_BUILTINS: Readonly<Record<string, Render>> = {
  push,
  pull_request: pullRequest,
  workflow_run: (p) => ci('workflow', obj(p['workflow_run']), p, { postStart: true }),
  workflow_job: (p) => ci('job', obj(p['workflow_job']), p),
  check_run: (p) => ci('check', obj(p['check_run']), p),
  check_suite: (p) => ci('check suite', obj(p['check_suite']), p),
  status,
  release,
  issues,
  issue_comment: issueComment,
  deployment,
  deployment_status: deployment,
  ping,
};
