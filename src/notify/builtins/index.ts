// Built-in recipes: what a hook posts with no recipe written. One renderer per event and source; each is
// pure (payload in, post out) and overridable per hook (a recipe with `stop: true`) or removable
// (`builtins: { except: [...] }`). A short generic form covers other events when a hook asks for it.
import { plainInline } from '../plain.js';
import type { Source } from '../webhooks/verify.js';
import { first, linked, obj, words } from './fields.js';
import { GITHUB_BUILTINS, type Render } from './github.js';
import { GITLAB_BUILTINS } from './gitlab.js';
import { NEXTCLOUD_BUILTINS } from './nextcloud.js';
import { outcomeColor, post, type Post } from './outcome.js';

export type { Post } from './outcome.js';

const BY_SOURCE: Partial<Record<Source, Readonly<Record<string, Render>>>> = {
  github: GITHUB_BUILTINS,
  gitea: GITHUB_BUILTINS,
  gitlab: GITLAB_BUILTINS,
  nextcloud: NEXTCLOUD_BUILTINS,
};

/** The events a source's built-ins cover (for `recipes explain` and the README). */
export const builtinEvents = (source: Source): string[] => Object.keys(BY_SOURCE[source] ?? {});

export type BuiltinResult = { kind: 'post'; post: Post } | { kind: 'quiet' } | { kind: 'uncovered' };

/** What the built-in for this event says: a post, nothing on purpose (a queued job), or no built-in. */
export function renderBuiltin(source: Source, event: string, payload: unknown): BuiltinResult {
  const table = BY_SOURCE[source];
  const render = table && Object.hasOwn(table, event) ? table[event] : undefined;
  if (!render) return { kind: 'uncovered' };
  const p = render(obj(payload), event);
  return p ? { kind: 'post', post: p } : { kind: 'quiet' };
}

/** The short generic form for an event no built-in covers: the hook, the event and action, what it is about. */
export function genericPost(hook: string, event: string, payload: unknown): Post {
  const p = obj(payload);
  const repo = obj(p['repository']);
  const project = obj(p['project']);
  const sender = obj(p['sender']);
  const user = obj(p['user']);
  const where = linked(first(repo['full_name'], project['path_with_namespace'], repo['name'], project['name']), first(repo['html_url'], project['web_url'], repo['homepage']));
  const action = first(p['action'], obj(p['object_attributes'])['action']);
  const who = first(sender['login'], sender['username'], p['user_username'], user['username'], user['displayName'], user['uid'], user['name']);
  const state = first(p['state'], obj(p['object_attributes'])['status']);
  return post(
    words(`${plainInline(hook)}:`, plainInline(event) + (action ? ` ${plainInline(action)}` : ''), where ? `on ${where}` : undefined, who ? `by ${plainInline(who)}` : undefined),
    outcomeColor(state),
  );
}
