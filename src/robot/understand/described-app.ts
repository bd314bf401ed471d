// An app called by what it is for rather than by its name: "restart the kanban", « sauvegarde le drive », "logs of the
// team chat". The catalog's descriptions say what each app is ("Wekan 7, kanban boards"); a word of the message found in
// one of them narrows the question the request already asks ("`restart`: which app?") to the apps it describes. Only
// the question changes: an app guessed from a description is offered, never acted on (a team's "the chat" may be
// another tool, and a user who meant the app answers with one word or a button). Pure.
import { normalise, type SentenceWord } from './words.js';

/** Words of descriptions that say nothing of what an app is for. */
const GENERIC = new Set([
  'and', 'with', 'the', 'for', 'its', 'over', 'from', 'into', 'that', 'this', 'your', 'their', 'our', 'put', 'served', 'generated',
  'login', 'user', 'private', 'compatible', 'bundled', 'clone', 'https', 'http', 'folder', 'site', 'app', 'apps', 'server', 'service',
  'edition', 'team', 'community', 'docker', 'nginx', 'hosting', 'manager', 'management', 'archive', 'search', 'vector', 'open', 'source', 'self', 'hosted', 'backup', 'backups', 'data', 'version', 'compose', 'file',
]);

/** The words a description gives of what the app is for: no version, no database in parentheses, no generic word. */
function purposeWords(app: string, description: string): Set<string> {
  const plain = normalise(description.replace(/\([^)]*\)/g, ' '));
  const out = new Set<string>();
  for (const w of plain.split(/[^\p{L}]+/u)) {
    if (w.length < 3 || GENERIC.has(w) || w === app || app.startsWith(w)) continue;
    out.add(singular(w));
  }
  return out;
}

const singular = (w: string) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);

const memo = new WeakMap<ReadonlyMap<string, string>, Map<string, Set<string>>>();
function purposes(described: ReadonlyMap<string, string>): Map<string, Set<string>> {
  let m = memo.get(described);
  if (!m) {
    m = new Map([...described].map(([app, d]) => [app, purposeWords(app, d)]));
    memo.set(described, m);
  }
  return m;
}

/** The word of the message that names apps of `pool` by their description, and those apps (at most three); else undefined. */
export function describedApps(words: readonly SentenceWord[], used: readonly number[], pool: readonly string[], described: ReadonlyMap<string, string>): { word: string; apps: string[] } | undefined {
  const p = purposes(described);
  for (const [i, w] of words.entries()) {
    if (w.stop || used.includes(i) || w.text.length < 3) continue;
    const apps = pool.filter((a) => p.get(a)?.has(singular(w.text)));
    if (apps.length > 0 && apps.length <= 3) return { word: w.text, apps };
  }
  return undefined;
}
