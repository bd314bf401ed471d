// A minion as Summoner runs it, for chat (`minion show`, the `minion add` proposal): pure.
import { dump } from 'js-yaml';
import type { CatalogNote, Minion } from '../types.js';

/** The normalised file (`minion show`): what Summoner runs, as compose, with the notes. Secrets stay `${NAME}`. */
export function renderMinion(m: Minion): string {
  const services = Object.fromEntries(
    (m.services ?? [m.web, ...(m.database ? [m.database] : [])]).map((s) => [
      s.service,
      {
        ...(s.build ? { build: { context: s.build.context, dockerfile: s.build.dockerfile } } : { image: s.digest ? `${s.image}:${s.tag}@${s.digest}` : `${s.image}:${s.tag}` }),
        ...('role' in s ? { 'x-role': s.role } : {}),
        ...(Object.keys(s.environment).length ? { environment: s.environment } : {}),
        ...(s.command ? { command: s.command } : {}),
        ...(s.entrypoint ? { entrypoint: s.entrypoint } : {}),
        ...(s.user ? { user: s.user } : {}),
        ...(s.volumes.length ? { volumes: s.volumes.map((v) => `${v.name}:${v.target}${v.readOnly ? ':ro' : ''}`) } : {}),
        ...(s.ports.length ? { ports: s.ports.map((p) => `${p.host}:${p.container}/${p.protocol}`) } : {}),
        ...(s.dependsOn?.length ? { depends_on: Object.fromEntries(s.dependsOn.map((d) => [d.service, { condition: d.condition }])) } : {}),
      },
    ]),
  );
  const doc = {
    services,
    volumes: Object.fromEntries((m.volumes ?? []).map((v) => [v, {}])),
    'x-summoner': {
      description: m.description,
      subdomain: m.subdomain,
      web: { service: m.web.service, port: m.web.port },
      ...(m.database ? { database: { service: m.database.service, type: m.database.type, version: m.database.version } } : {}),
      backup: m.backup.hot && m.backup.cold ? 'both' : m.backup.hot ? 'hot' : 'cold',
    },
  };
  return dump(doc, { lineWidth: 200, noRefs: true });
}

/** Notes as chat lines, warnings first. */
export function noteLines(notes: readonly CatalogNote[], max = 20): string[] {
  const sorted = [...notes].sort((a, b) => Number(!!b.warning) - Number(!!a.warning));
  const lines = sorted.slice(0, max).map((n) => `${n.warning ? ':warning: ' : ''}\`${n.key}\`: ${n.message}`);
  if (sorted.length > max) lines.push(`… and ${sorted.length - max} more`);
  return lines;
}
