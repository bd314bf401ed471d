// Built-in posts for Nextcloud's webhook_listeners events: who did what to which file or share. The payload
// carries paths, not links (Nextcloud does not send its own URL).
import { plainInline } from '../plain.js';
import { bold, first, obj, str, words, type Obj } from './fields.js';
import { post, type Post } from './outcome.js';
import type { Render } from './github.js';

const actorOf = (p: Obj) => {
  const u = obj(p['user']);
  const who = first(u['displayName'], u['uid']);
  return who ? plainInline(who) : undefined;
};
/** /alice/files/Docs/x.txt → Docs/x.txt: the user's own view of the path. */
const shortPath = (v: unknown) => {
  const s = str(v);
  return s ? s.replace(/^\/[^/]+\/files\//, '') : undefined;
};

function file(verb: string): Render {
  return (p) => {
    const ev = obj(p['event']);
    const node = obj(ev['node']);
    const src = shortPath(first(obj(ev['source'])['path'], node['path']));
    const target = shortPath(obj(ev['target'])['path']);
    const actor = actorOf(p);
    const what = target && src && target !== src ? `${bold(src)} to ${bold(target)}` : (bold(src ?? target) ?? 'a file');
    return post(words('Nextcloud:', actor, actor ? verb : `${verb} (by someone)`, what));
  };
}

function share(verb: string): Render {
  return (p): Post | null => {
    const ev = obj(p['event']);
    const s = obj(ev['share']);
    const path = shortPath(first(s['path'], obj(s['node'])['path'], obj(ev['node'])['path'], s['file_target'], s['target']));
    const withWhom = first(s['shareWithDisplayName'], s['share_with_displayname'], s['shareWith'], s['share_with']);
    const actor = actorOf(p);
    return post(words('Nextcloud:', actor, actor ? verb : `${verb} (by someone)`, bold(path) ?? 'a share', withWhom ? `with ${plainInline(withWhom)}` : s['shareType'] === 3 ? 'by public link' : undefined));
  };
}

export const NEXTCLOUD_BUILTINS: Readonly<Record<string, Render>> = {
  'file.created': file('created'),
  'file.written': file('changed'),
  'file.deleted': file('deleted'),
  'file.renamed': file('moved'),
  'file.copied': file('copied'),
  'share.created': share('shared'),
  'share.deleted': share('unshared'),
};
