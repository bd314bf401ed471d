// Built-in recipes: what a hook posts with no recipe written. One renderer per event and source; each is
// pure (payload in, post out) and overridable per hook (a recipe with `stop: true`) or removable
// (`builtins: { except: [...] }`). A short generic form covers other events when a hook asks for it.
import type { Source } from '../webhooks/verify.js';
import { obj } from './fields.js';
import { GITHUB_BUILTINS, type Render } from './github.js';
import { GITLAB_BUILTINS } from './gitlab.js';
import { NEXTCLOUD_BUILTINS } from './nextcloud.js';
import type { Post } from './outcome.js';

export type { Post } from './outcome.js';
export { genericPost } from './generic.js';

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
