// Built-in posts for GitLab events, modelled on GitLab's own Mattermost integration: the project as a link,
// what happened, on which ref, by whom, and the link to the pipeline, job or merge request.
import { linkMarkup, plainInline, plainLine } from '../plain.js';
import { bold, commitLines, duration, first, linked, numbered, obj, refName, str, words, type Obj } from './fields.js';
import { outcomeColor, post, type Post } from './outcome.js';
import type { Render } from './github.js';

const projectOf = (p: Obj) => {
  const pr = obj(p['project']);
  const repo = obj(p['repository']);
  return linked(first(pr['path_with_namespace'], pr['name'], p['project_name'], repo['name']), first(pr['web_url'], repo['homepage']));
};
const webUrl = (p: Obj) => first(obj(p['project'])['web_url'], obj(p['repository'])['homepage']);
const actorOf = (p: Obj) => {
  const u = obj(p['user']);
  const who = first(p['user_username'], u['username'], p['user_name'], u['name']);
  return who ? plainInline(who) : undefined;
};
const line = (p: Obj, ...parts: (string | undefined)[]) => {
  const project = projectOf(p);
  const actor = actorOf(p);
  return words(project ? `${project}:` : undefined, ...parts, actor ? `by ${actor}` : undefined);
};
const ZERO = /^0+$/;

function push(p: Obj): Post | null {
  const ref = refName(p['ref']);
  const where = ref ? `${ref.kind} ${bold(ref.name)}` : 'a ref';
  const after = str(p['after']);
  const before = str(p['before']);
  if (after && ZERO.test(after)) return post(line(p, `deleted ${where}`));
  const base = webUrl(p);
  if (ref?.kind === 'tag') return post(line(p, `pushed tag ${linked(ref.name, base ? `${base}/-/tags/${encodeURIComponent(ref.name)}` : undefined)}`));
  const commits = (Array.isArray(p['commits']) ? p['commits'] : []).map(obj);
  const total = typeof p['total_commits_count'] === 'number' ? p['total_commits_count'] : commits.length;
  if (total === 0) return post(line(p, before && ZERO.test(before) ? `created ${where}` : `pushed to ${where}`));
  const sha = (v: string | undefined) => (v && /^[0-9a-f]{7,64}$/i.test(v) ? v : undefined);
  const compare = base && sha(before) && sha(after) && !ZERO.test(before!) ? `${base}/-/compare/${before}...${after}` : undefined;
  const head = `pushed ${linked(`${total} commit${total === 1 ? '' : 's'}`, compare)} to ${where}`;
  // GitLab lists the newest 20 commits; the count says how many there were
  const list = commitLines(
    commits.map((c) => ({ id: str(c['id']), message: first(c['title'], c['message']), url: str(c['url']), author: str(obj(c['author'])['name']) })),
    total,
  );
  return post(`${line(p, head)}\n${list}`);
}

function mergeRequest(p: Obj): Post | null {
  const a = obj(p['object_attributes']);
  const action = str(a['action']);
  const title = numbered('!', a['iid'], a['title'], a['url']);
  const branches = str(a['source_branch']) && str(a['target_branch']) ? `(${plainInline(a['source_branch'])} → ${plainInline(a['target_branch'])})` : undefined;
  switch (action) {
    case 'open':
      return post(line(p, 'opened merge request', title, branches));
    case 'reopen':
      return post(line(p, 'reopened merge request', title, branches));
    case 'merge':
      return post(line(p, 'merged merge request', title, branches), outcomeColor('success'));
    case 'close':
      return post(line(p, 'closed merge request', title, branches), outcomeColor('cancelled'));
    case 'update': {
      // a reviewer added: GitLab reports it as an update whose changes list the reviewers
      const change = obj(obj(p['changes'])['reviewers']);
      const before = new Set((Array.isArray(change['previous']) ? change['previous'] : []).map((r) => str(obj(r)['username'])));
      const added = (Array.isArray(change['current']) ? change['current'] : []).map((r) => str(obj(r)['username'])).filter((u): u is string => !!u && !before.has(u));
      return added.length ? post(line(p, 'requested a review of', title, `from ${added.map(plainInline).join(', ')}`)) : null;
    }
    default:
      return null;
  }
}

function pipeline(p: Obj): Post | null {
  const a = obj(p['object_attributes']);
  const status = first(a['status']) ?? 'unknown';
  if (status === 'pending' || status === 'created' || status === 'waiting_for_resource' || status === 'preparing') return null;
  const base = webUrl(p);
  const id = first(a['id']);
  const url = first(a['url']) ?? (base && id ? `${base}/-/pipelines/${encodeURIComponent(id)}` : undefined);
  const ref = first(a['ref']);
  const took = status === 'running' ? undefined : duration(a['duration']);
  return post(
    line(p, `pipeline ${id && /^\d+$/.test(id) ? linkMarkup(`#${id}`, url) : (linked('pipeline', url) ?? 'pipeline')} ${bold(status.replace(/_/g, ' '))}`, ref ? `on ${a['tag'] === true ? 'tag' : 'branch'} ${bold(ref)}` : undefined, took ? `in ${took}` : undefined),
    outcomeColor(status),
  );
}

function job(p: Obj): Post | null {
  const status = first(p['build_status']) ?? 'unknown';
  if (status === 'created' || status === 'pending' || status === 'running' || status === 'waiting_for_resource' || status === 'preparing') return null;
  const base = webUrl(p);
  const id = first(p['build_id']);
  const url = base && id ? `${base}/-/jobs/${encodeURIComponent(id)}` : undefined;
  const name = first(p['build_name']) ?? 'job';
  const stage = first(p['build_stage']);
  const ref = first(p['ref']);
  const reason = status === 'failed' ? first(p['build_failure_reason']) : undefined;
  const allowed = status === 'failed' && p['build_allow_failure'] === true;
  return post(
    line(
      p,
      `job ${linked(name, url)}${stage ? ` (${plainInline(stage)})` : ''} ${bold(status.replace(/_/g, ' '))}`,
      reason && reason !== 'unknown_failure' ? `(${plainInline(reason.replace(/_/g, ' '))})` : undefined,
      allowed ? '(allowed to fail)' : undefined,
      ref ? `on ${bold(ref)}` : undefined,
      duration(p['build_duration']) ? `in ${duration(p['build_duration'])}` : undefined,
    ),
    // a failure is red even when allowed to fail: the text says it was allowed
    outcomeColor(status),
  );
}

function release(p: Obj): Post | null {
  const action = str(p['action']);
  if (action !== 'create') return null;
  const name = first(p['name'], p['tag']) ?? 'a release';
  const tag = str(p['tag']);
  return post(line(p, `published release ${linked(name, p['url'])}`, tag && tag !== name ? `(tag ${plainInline(tag)})` : undefined));
}

function issue(p: Obj): Post | null {
  const a = obj(p['object_attributes']);
  const action = str(a['action']);
  const verb = action === 'open' ? 'opened' : action === 'close' ? 'closed' : action === 'reopen' ? 'reopened' : undefined;
  if (!verb) return null;
  const title = numbered('#', a['iid'], a['title'], a['url']);
  return post(line(p, `${verb} issue`, title), verb === 'closed' ? outcomeColor('cancelled') : undefined);
}

const NOTEABLE: Record<string, { what: string; key: string; sign: '#' | '!' }> = {
  Issue: { what: 'issue', key: 'issue', sign: '#' },
  MergeRequest: { what: 'merge request', key: 'merge_request', sign: '!' },
  Snippet: { what: 'snippet', key: 'snippet', sign: '#' },
};

/** A comment (a note) on an issue, merge request, commit or snippet: its first line, linked to the comment. */
function note(p: Obj): Post | null {
  const a = obj(p['object_attributes']);
  // `action` came in GitLab 16.11 (create, update); a system note is GitLab's own ("changed the milestone")
  const action = str(a['action']);
  if ((action && action !== 'create') || a['system'] === true) return null;
  const type = str(a['noteable_type']) ?? '';
  const n = NOTEABLE[type];
  const target = n ? obj(p[n.key]) : undefined;
  const commit = obj(p['commit']);
  const on = n
    ? `${n.what} ${numbered(n.sign, target!['iid'] ?? target!['id'], target!['title'], a['url'])}`
    : type === 'Commit' && str(commit['id'])
      ? `commit ${linked(str(commit['id'])!.slice(0, 8), a['url'])}`
      : (linked(type ? type.toLowerCase() : 'a note', a['url']) ?? 'a note');
  const text = str(a['note']);
  return post(`${line(p, 'commented on', on)}${text ? `\n> ${plainLine(text)}` : ''}`);
}

function deployment(p: Obj): Post | null {
  const status = first(p['status']) ?? 'unknown';
  if (status === 'created' || status === 'pending') return null;
  const env = first(p['environment']) ?? 'an environment';
  const ref = first(p['ref']);
  const sha = first(p['short_sha']);
  return post(
    line(p, `deployment to ${linked(env, first(p['environment_external_url']))} ${bold(status)}`, words(ref ? plainInline(ref) : undefined, sha ? `(${linked(sha, p['commit_url'])})` : undefined) || undefined, first(p['deployable_url']) ? linked('job', p['deployable_url']) : undefined),
    outcomeColor(status),
  );
}

/** By the event name readEvent gives (object_kind, `build` read as job). */
export const GITLAB_BUILTINS: Readonly<Record<string, Render>> = {
  push,
  tag_push: push,
  merge_request: mergeRequest,
  pipeline,
  job,
  release,
  issue,
  note,
  deployment,
};
