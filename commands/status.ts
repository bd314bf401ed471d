import { defineCommand } from '../src/robot/command.js';

export default defineCommand({
  name: 'status',
  aliases: ['state'],
  summary: 'report how I am doing: version, uptime, chat connection, engine',
  description: 'Reports the bot itself: its version, how long it has been up, the chat adapter and its health, and the Docker engine it manages, if any.',
  examples: ['status'],
  args: [] as const,
  sideEffects: false,
  async run(ctx) {
    const h = ctx.robot.health();
    const engine = ctx.services.engine ? await ctx.services.engine.describe().catch((e: Error) => `unreachable (${e.message})`) : 'none connected yet';
    return {
      text: [
        `**Summoner ${ctx.robot.version}**, up ${formatUptime(Date.now() - ctx.robot.startedAt.getTime())}`,
        `Chat: ${ctx.robot.adapter}, ${h.healthy ? 'healthy' : 'UNHEALTHY'} (${h.detail})`,
        `Engine: ${engine}`,
        `Memory: ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
      ].join('\n'),
      color: h.healthy ? 'good' : 'danger',
    };
  },
});

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
