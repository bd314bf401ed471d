import type { MinionStatus } from '../src/core/services.js';
import { defineCommand, need } from './services.js';

export default defineCommand({
  name: 'status',
  aliases: ['state'],
  summary: 'report how I am doing, and the apps I run (or one app in detail)',
  description:
    'Without an app: the bot itself (version, uptime, chat adapter and its health, the Docker engine) and one line per summoned app. With an app: its state, health, uptime, version, URL, restarts and containers, and whether they were changed by hand.',
  examples: ['status', 'status wekan'],
  phrases: {
    en: ["url of", "address of", "web address", "how are you", "what's running", "tickety-boo", "everything tickety-boo", "what's the craic", "the craic with", "what is running", "apps running", "apps are running", "check on", "is running", "is up", "is down", "health", "healthy", "working", "state of", "how is", "how's", "going on", "alive", "down", "everything ok", "all ok", "all good", "everything fine", "apps ok", "ok", "is ok", "problems", "problem", "issues", "all green", "everything green", "responding", "still up", "reachable", "serving", "dead", "looks dead", "trouble", "anything wrong", "wrong with", "outage", "outages", "alright", "infra", "infrastructure", "is up and running", "everything up and running", "operational", "back online", "blocked", "is blocked", "status of all the apps"],
    fr: ["l'url", "url de", "a quelle adresse", "etat", "statut", "ca va", "ca tourne", "qui tourne", "qu'est-ce qui tourne", "est-ce que marche", "fonctionne", "en ligne", "sante", "comment va", "marche", "comment vont", "en panne", "panne", "plante", "tout va bien", "tout roule", "est ok", "tombe", "probleme", "problemes", "debout", "repond", "toujours la", "joignable", "au vert", "en forme", "se porte", "tournent", "mort", "se comporte", "bonne sante", "souci", "soucis", "se passe quoi", "ou en sont", "ou en est", "en est ou", "en sont ou", "ca roule", "operationnel", "operationnelle", "point sur", "quelles applis tournent", "quelles apps tournent", "quelles applications tournent", "applis qui tournent", "apps qui tournent", "est bloque", "bloquee", "est dispo", "est vivant", "tout est up", "en rade"],
  },
  args: [{ name: 'app', type: 'minion', of: 'summoned', help: 'one app in detail' }] as const,
  sideEffects: false,
  async run(ctx, a) {
    if (a.app) {
      const [s] = await need(ctx.services, 'core').status(a.app);
      if (!s) return ctx.t.notSummoned(a.app);
      return { text: detail(s), color: colour(s) };
    }
    const h = ctx.robot.health();
    const t = ctx.t;
    const engine = ctx.services.engine ? await ctx.services.engine.describe().catch((e: Error) => t.engineUnreachable(e.message)) : t.engineNone();
    const lines = [
      t.statusHead(ctx.robot.version, formatUptime(Date.now() - ctx.robot.startedAt.getTime())),
      t.statusChat(ctx.robot.adapter, h.healthy, h.detail),
      t.statusEngine(engine),
      t.statusMemory(Math.round(process.memoryUsage().rss / 1e6)),
    ];
    let healthy = h.healthy;
    if (ctx.services.core) {
      const all = await ctx.services.core.status().catch(() => undefined);
      if (all) {
        lines.push(t.statusApps(all.length));
        for (const s of all) {
          lines.push(`- ${s.app} ${s.version}: ${s.state}, ${s.health}${s.url ? `, ${s.url}` : ''}${s.drifted ? t.changedByHand() : ''}`);
          if (s.state !== 'running' || s.health === 'unhealthy') healthy = false;
        }
      }
    }
    return { text: lines.join('\n'), color: healthy ? 'good' : 'danger' };
  },
});

function colour(s: MinionStatus): string {
  if (s.state === 'running' && s.health !== 'unhealthy') return s.drifted ? 'warning' : 'good';
  return 'danger';
}

function detail(s: MinionStatus): string {
  const out = [
    `**${s.app}** ${s.version}: ${s.state}, ${s.health}${s.uptimeS !== undefined ? `, up ${formatUptime(s.uptimeS * 1000)}` : ''}, ${s.restarts} restart(s)`,
    ...(s.url ? [`URL: ${[s.url, ...(s.moreUrls ?? [])].join(', ')}`] : []),
    ...s.containers.map((c) => `- ${c.name} (${c.role}): ${c.state}${c.tasks ? ` (${c.tasks.running} of ${c.tasks.wanted} tasks)` : ''}${c.node ? ` on ${c.node}` : ''}${c.health ? `, ${c.health}` : ''}, ${c.image}${c.digest ? ` (${c.digest.slice(0, 19)})` : ''}${c.drifted ? ' — changed by hand since I created it' : ''}`),
  ];
  if (s.catalogChanged) out.push('The catalog file changed since this deploy: `update` applies it.');
  return out.join('\n');
}

export function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${h}h ${m}m`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s % 60}s`;
  return `${s}s`;
}
