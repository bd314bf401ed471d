import { defineCommand, type NotifyView, type Services } from './services.js';
import { SummonerError } from '../src/errors.js';
import { escapeMarkdown } from '../src/robot/markdown.js';

type Outboxes = Required<Pick<NotifyView, 'outboxByLane' | 'deadLetters' | 'retryDeadLetters' | 'dropDeadLetters'>>;

function needOutbox(services: Services): Outboxes {
  const n = services.notify;
  if (!n?.deadLetters || !n.outboxByLane || !n.retryDeadLetters || !n.dropDeadLetters) {
    throw new SummonerError('notify.none', 'the notification center is not running in this bot');
  }
  return n as NotifyView & Outboxes;
}

/** `all`, or ids (`12`, `12,13`); every bad one is named at once. */
function parseWhich(raw: string | undefined, verb: string): number[] | 'all' {
  if (!raw) throw new SummonerError('command.invalid_args', `say \`outbox ${verb} <id|all>\``, { hint: '`outbox` lists the dead letters with their ids' });
  if (raw === 'all') return 'all';
  const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = parts.filter((p) => !/^[1-9][0-9]{0,15}$/.test(p));
  if (bad.length || parts.length === 0) {
    throw new SummonerError('command.invalid_args', `not a dead letter id: ${bad.map((b) => escapeMarkdown(b)).join(', ') || escapeMarkdown(raw)}`, { hint: `say \`outbox ${verb} <id|all>\` (ids from \`outbox\`, comma-separated)` });
  }
  return parts.map(Number);
}

/** The ids of a selection that are dead letters now, and those that are not (said, never silently skipped). */
function resolveWhich(o: Outboxes, which: number[] | 'all'): { ids: number[]; missing: number[] } {
  const dead = new Set(o.deadLetters(100_000).map((d) => d.id));
  if (which === 'all') return { ids: [...dead], missing: [] };
  return { ids: which.filter((id) => dead.has(id)), missing: which.filter((id) => !dead.has(id)) };
}

/** What a dead letter would have posted or done, short and plain. */
function whatOf(kind: string, data: string): string {
  try {
    const d = JSON.parse(data) as { kind: string; channel?: string; out?: { text?: string }; text?: string; url?: string };
    if (d.kind === 'post') return (d.out?.text ?? '').split('\n')[0]!.slice(0, 80);
    if (d.kind === 'command') return `run ${(d.text ?? '').slice(0, 80)}`;
    if (d.kind === 'forward') return 'forward';
  } catch {
    // an unreadable row is still listed, by kind
  }
  return kind;
}

/** A lane as shown: the channel link is ours to write, the name is escaped; a forward URL by its host only. */
function laneName(lane: string): string {
  if (!lane.startsWith('forward:')) return `~${escapeMarkdown(lane.replace(/^~/, ''))}`;
  try {
    return `forward to ${escapeMarkdown(new URL(lane.slice('forward:'.length)).host)}`;
  } catch {
    return 'forward to a URL';
  }
}

export default defineCommand({
  name: 'outbox',
  aliases: ['dead-letters'],
  summary: 'the notification outbox: counts per channel, dead letters, retry or drop them',
  description:
    'Without arguments: what the outbox holds per channel (pending, delivered, failed) and each dead letter (refused for good, or given up after its retries) with its id, recipe, channel, what it carried, the error and when. ' +
    '`outbox retry <id|all>` puts dead letters back in their channel\'s queue (after fixing the channel or the recipe); `outbox drop <id|all>` deletes them, after a confirmation (admins).',
  examples: ['outbox', 'outbox retry all', 'outbox retry 12,13', 'outbox drop 12'],
  phrases: {
    en: ['outbox', 'dead letters', 'failed notifications', 'undelivered notifications', 'stuck notifications', 'lost notifications', 'what is blocked', 'pending notifications', 'unsent notifications', 'failed webhooks', 'failed webhook deliveries', 'failed deliveries', 'failed messages', 'pending messages'],
    fr: ['notifications en échec', 'lettres mortes', 'notifications mortes', "file d'envoi", 'messages en échec', 'notifications bloquées', "boîte d'envoi", 'notifications perdues', 'ce qui est bloqué', 'notifications en attente', 'notifications coincées', 'notifications restées coincées', 'webhooks en échec', 'messages en attente', "en attente d'envoi", 'notifs en échec', 'livraisons en échec'],
  },
  forms: [
    {
      args: { action: 'retry' },
      needs: ['which'],
      phrases: {
        en: ['retry dead letters', 'retry failed notifications', 'resend dead letters', 'resend failed notifications', 'redeliver dead letters', 'retry outbox', 'resend outbox', 'retry stuck notifications', 'resend stuck notifications', 'retry undelivered notifications', 'resend undelivered notifications', 'send again dead letters', 'send again failed notifications', 'try again failed notifications', 'try again dead letters', 'try again stuck notifications', 'another go notifications', 'sending again notifications', 'put back dead letters', 'back in queue dead letters', 'requeue dead letters', 'requeue failed notifications', 'push out again failed notifications', 'push failed notifications out again', 'push dead letters again', 'push again dead letters', 'retry notif', 'retry notification', 'resend notif', 'resend notification', 'put failed notifications back in queue', 'put failed messages back in queue', 'requeue failed messages'],
        fr: ['réessaie lettres mortes', 'renvoie lettres mortes', 'relance lettres mortes', 'réessaie notifications en échec', 'renvoie notifications en échec', 'renvoie outbox', 'réessaie outbox', 'relance notifications en échec', 'retente ce qui a échoué boîte d\'envoi', 'relance notifications bloquées', 'renvoie notifications bloquées', 'réessaie notifications bloquées', 'rejoue lettres mortes', 'rejoue notifications en échec', 'renvoie notifications mortes', 'réessaie notifications mortes', 'retente lettres mortes', 'retente notifications en échec', 'retente notifications bloquées', 'retente outbox', 'remets lettres mortes', 'remets dans la file lettres mortes', 'remets en file lettres mortes', 'retente notif', 'retente la notif', 'renvoie la notif', 'réessaie la notif', 'relance la notif', 'remets notifications en échec dans la file', 'remets messages en échec dans la file'],
      },
    },
    {
      args: { action: 'drop' },
      needs: ['which'],
      phrases: {
        en: ['drop dead letters', 'delete dead letters', 'discard dead letters', 'throw away dead letters', 'purge dead letters', 'drop outbox', 'bin dead letters', 'clear out dead letters', 'clear dead letters', 'drop failed notifications', 'discard failed notifications', 'delete failed notifications', 'drop notif', 'drop notification', 'discard notification', 'clean up failed messages', 'clean up failed notifications', 'clear failed messages', 'clean up dead letters'],
        fr: ['jette lettres mortes', 'supprime lettres mortes', 'efface lettres mortes', 'abandonne lettres mortes', 'jette outbox', 'purge lettres mortes', 'vide lettres mortes', 'vire lettres mortes', 'virer lettres mortes', 'jette notifications en échec', 'supprime notifications en échec', 'abandonne notifications en échec', 'jette la notif', 'jette notification', 'abandonne la notif', 'ménage messages en échec', 'ménage notifications en échec', 'ménage lettres mortes', 'vide messages en échec'],
      },
    },
  ],
  args: [
    { name: 'action', type: 'word', values: ['retry', 'drop'], help: '`retry` or `drop`' },
    { name: 'which', type: 'string', meaning: 'ids', help: '`all` or dead letter ids (comma-separated)' },
  ] as const,
  sideEffects: true,
  // Listing shows channels and recipes (the observer role); retry and drop are checked for admins in run.
  permission: 'role:observer',
  confirmWhen: (a) => a.action === 'drop',
  async proposal(a, _flags, services, _m, t) {
    const o = needOutbox(services);
    const { ids, missing } = resolveWhich(o, parseWhich(a.which, 'drop'));
    if (ids.length === 0) throw new SummonerError('command.invalid_args', missing.length ? `no dead letter ${missing.join(', ')}` : 'there are no dead letters', { hint: '`outbox` lists them' });
    return t.outboxDropPlan(ids.slice(0, 20).join(', ') + (ids.length > 20 ? ', …' : ''), ids.length, missing.join(', '));
  },
  async run(ctx, a) {
    const o = needOutbox(ctx.services);
    if (!a.action) {
      const lanes = Object.entries(o.outboxByLane());
      const counts = lanes.length
        ? lanes.map(([lane, by]) => `- ${laneName(lane)}: ${Object.entries(by).map(([s, n]) => `${n} ${s}`).join(', ')}`).join('\n')
        : ctx.t.outboxEmpty();
      const dead = o.deadLetters(50);
      if (dead.length === 0) return `${counts}\n${ctx.t.outboxNoDead()}`;
      const rows = dead.map(
        (d) =>
          `| ${d.id} | ${escapeMarkdown(d.recipe)} | ${laneName(d.lane)} | ${escapeMarkdown(whatOf(d.kind, d.data)).replace(/\|/g, '\\|')} | ${escapeMarkdown(d.error.slice(0, 120)).replace(/\|/g, '\\|')} | ${new Date(d.failedAt).toISOString().slice(0, 16).replace('T', ' ')} |`,
      );
      return `${counts}\n${ctx.t.outboxDeadHead()}\n|---|---|---|---|---|---|\n${rows.join('\n')}`;
    }
    if (!ctx.user.isAdmin) throw new SummonerError('command.denied', `\`outbox ${a.action}\` changes what the bot sends: it is for admins`);
    const { ids, missing } = resolveWhich(o, parseWhich(a.which, a.action));
    const notDead = missing.length ? ctx.t.outboxNotDead(missing.join(', ')) : '';
    if (ids.length === 0) throw new SummonerError('command.invalid_args', missing.length ? `no dead letter ${missing.join(', ')}` : 'there are no dead letters', { hint: '`outbox` lists them' });
    if (a.action === 'retry') {
      const n = await o.retryDeadLetters(ids);
      return `${ctx.t.outboxRetried(n)}${notDead}`;
    }
    const n = await o.dropDeadLetters(ids);
    return `${ctx.t.outboxDropped(n)}${notDead}`;
  },
});
