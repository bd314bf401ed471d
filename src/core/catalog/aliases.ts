// The names a service answers by on a compose network besides its service name: its `container_name`, the
// `aliases` of its networks, and the alias others give it with `links: [service:alias]`. Apps write them as
// host names (listmonk: `LISTMONK_db__host: listmonk_db` for the service `db`; Jitsi: `XMPP_SERVER:
// xmpp.meet.jitsi`), so Summoner, which replaces the containers' names and networks, keeps each one as a DNS
// alias on the app's private network.
import { keyOf, type Findings, type Segment } from './compose.js';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
/** A host name Docker's resolver answers for: letters, digits, `_ . -`. */
const ALIAS = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const MAX_ALIASES = 10;

/** Service → its extra names, each checked (a name that is another service's, or claimed twice, is skipped with a warning). */
export function composeAliases(services: Record<string, unknown>, f: Findings): Map<string, string[]> {
  const wanted: { service: string; alias: string; at: Segment[] }[] = [];
  for (const [name, svc] of Object.entries(services)) {
    if (!isObject(svc)) continue;
    if (typeof svc.container_name === 'string') wanted.push({ service: name, alias: svc.container_name, at: ['services', name, 'container_name'] });
    if (isObject(svc.networks)) {
      for (const [net, spec] of Object.entries(svc.networks)) {
        if (!isObject(spec) || !Array.isArray(spec.aliases)) continue;
        spec.aliases.forEach((a, i) => typeof a === 'string' && wanted.push({ service: name, alias: a, at: ['services', name, 'networks', net, 'aliases', i] }));
      }
    }
    if (Array.isArray(svc.links)) {
      svc.links.forEach((l, i) => {
        if (typeof l !== 'string' || !l.includes(':')) return;
        const [target = '', alias = ''] = l.split(':');
        wanted.push({ service: target, alias, at: ['services', name, 'links', i] });
      });
    }
  }
  const out = new Map<string, string[]>();
  const owner = new Map<string, string>(Object.keys(services).map((s) => [s, s]));
  for (const { service, alias, at } of wanted) {
    if (alias === service || !Object.hasOwn(services, service)) continue; // an unknown link target is compose's own error
    const list = out.get(service) ?? [];
    const taken = owner.get(alias);
    if (taken === service) continue;
    if (!ALIAS.test(alias)) f.notes.push({ key: keyOf(at), message: `not kept as a host name: ${JSON.stringify(alias.slice(0, 80))} is not one (letters, digits, _ . -)`, warning: true });
    else if (taken) f.notes.push({ key: keyOf(at), message: `not kept as a host name: ${alias} already names ${taken}`, warning: true });
    else if (list.length >= MAX_ALIASES) f.notes.push({ key: keyOf(at), message: `not kept as a host name: at most ${MAX_ALIASES} per service`, warning: true });
    else {
      owner.set(alias, service);
      out.set(service, [...list, alias]);
      f.notes.push({ key: keyOf(at), message: `kept: ${service} also answers by ${alias} on the app's private network` });
    }
  }
  return out;
}
