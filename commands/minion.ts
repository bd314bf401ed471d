// `minion add|show|remove`: the catalog from chat. add reads a compose file (a URL of a raw file, or a host path
// under minionAdd.pathRoots), checks it as the catalog loads it, shows the notes and what it will deploy, and
// after the confirmation writes exactly that file into the first catalogDirs folder (a file attached to the
// Mattermost message instead of a source: its text, kept from the proposal). remove moves a custom
// minion's folder aside (never a shipped one, never a summoned app's).
import { defineCommand } from './services.js';
import { SummonerError } from '../src/errors.js';
import { noteLines, renderMinion } from '../src/core/catalog/render.js';
import type { Minion } from '../src/core/types.js';

/** What a minion deploys: one line per service, in dependency order. */
function deployLines(m: Minion): string[] {
  return (m.services ?? []).map((s) => {
    const img = s.build ? `built from ${s.build.context}/${s.build.dockerfile}` : `\`${s.image}:${s.tag}${s.digest ? '@…' + s.digest.slice(-8) : ''}\``;
    const deps = s.dependsOn?.length ? `, after ${s.dependsOn.map((d) => d.service).join(', ')}` : '';
    return `- ${s.service} (${s.role}${s.role === 'web' && s.port ? `, port ${s.port} at https://${m.subdomain}.<domain>` : ''}): ${img}${deps}`;
  });
}

const ACTIONS = ['add', 'show', 'remove'];

export default defineCommand({
  name: 'minion',
  summary: 'add a minion from a compose file, show one as Summoner runs it, or remove a custom one',
  description:
    '`minion add <name> <url|path>` reads a compose file (an https or http URL of the raw file, or an absolute path on the host under minionAdd.pathRoots; ' +
    'in Mattermost, `minion add <name>` with the compose file attached to the message also works: the shell has no attachments), ' +
    'shows what Summoner changed and what it will deploy, and after your yes writes it into the first catalogDirs folder. ' +
    '`minion show <name>` prints the file as Summoner runs it, with its notes. `minion remove <name>` moves a custom minion aside (not a shipped one, not a summoned app).',
  examples: ['minion add kuma https://example.org/uptime-kuma/compose.yaml', 'minion add wiki /srv/compose/wiki/compose.yml', 'minion show kuma', 'minion remove kuma'],
  forms: [
    { args: { action: 'add' }, phrases: { en: ['add minion', 'new minion', 'register minion', 'add to the catalog', 'add as minion', 'add compose file as minion', 'register as minion'], fr: ['ajoute minion', 'ajouter minion', 'nouveau minion', 'ajoute au catalogue', 'ajoute comme minion', 'enregistre comme minion', 'ajoute le fichier compose comme minion'] } },
    { args: { action: 'show' }, phrases: { en: ['show minion', 'print minion', 'display minion', 'compose file of minion'], fr: ['montre minion', 'affiche minion', 'voir minion', 'fichier compose du minion'] } },
    { args: { action: 'remove' }, phrases: { en: ['remove minion', 'delete minion', 'drop minion', 'rm minion', 'del minion', 'remove from the catalog', 'out of the catalog', 'take out minion', 'get rid of minion', 'move aside minion', 'set aside minion'], fr: ['enlève minion', 'supprime minion', 'retire minion', 'enlever minion', 'supprimer minion', 'retire du catalogue'] } },
  ],
  args: [
    { name: 'action', type: 'word', required: true, values: ACTIONS, help: 'add, show or remove' },
    { name: 'name', type: 'word', required: true, meaning: 'name', cues: ['minion', 'called', 'named', 'nomme', 'appele'], help: 'the minion (lower-case letters, digits, - and _)' },
    { name: 'source', type: 'string', meaning: 'source', help: 'add: a URL of a raw compose file, or a host path (or none, with the file attached in Mattermost)' },
  ] as const,
  permission: 'admin',
  sideEffects: true,
  needs: 'minions',
  confirmWhen: (a) => a.action === 'add' || a.action === 'remove',
  async proposal(a, _f, services, message) {
    const minions = services.minions;
    if (a.action === 'add') {
      const attached = message.attachments ?? [];
      if (!a.source && attached.length > 1) throw new SummonerError('command.invalid_args', `${attached.length} files are attached: attach only the compose file`);
      const file = a.source ? undefined : attached[0];
      if (!a.source && !file) throw new SummonerError('command.invalid_args', 'say where the compose file is: `minion add <name> <url|path>`, or attach it to the message (Mattermost)');
      const s = file ? await minions.stageAttached(a.name, file.text, `the attached file ${file.name}`) : await minions.stage(a.name, a.source!);
      const from = file ? `the attached file ${file.name}` : a.source;
      const notes = noteLines(s.minion.notes ?? [], 15);
      return [
        `add the minion **${a.name}** (${s.minion.description}) from ${from} (sha256 ${s.sha256.slice(0, 12)}…), written as it is into the catalog folder${s.beside.size ? ` with the ${s.beside.size === 1 ? 'file' : `${s.beside.size} files`} beside it that it uses (${[...s.beside.keys()].sort().join(', ')})` : ''}; it deploys:`,
        ...deployLines(s.minion),
        ...(notes.length ? ['What Summoner changes or warns about:', ...notes] : []),
      ].join('\n');
    }
    if (a.action === 'remove') {
      const { dir } = await minions.checkRemovable(a.name);
      return `remove the custom minion **${a.name}** from the catalog (its folder ${dir} is moved aside, not deleted)`;
    }
    throw new SummonerError('command.invalid_args', `unknown action ${a.action}: ${ACTIONS.join(', ')}`);
  },
  async run(ctx, a) {
    const minions = ctx.services.minions;
    switch (a.action) {
      case 'add': {
        const { file } = await minions.add(a.name, a.source ?? '');
        return `:white_check_mark: ${a.name} is in the catalog (${file}): \`summon ${a.name}\` deploys it.`;
      }
      case 'show': {
        const m = ctx.services.catalog?.get(a.name);
        if (!m) throw new SummonerError('minion.unknown', `no minion called ${a.name} in the catalog`, { hint: 'see `list`' });
        const notes = noteLines(m.notes ?? [], 30);
        return [`**${a.name}** (${m.origin}, ${m.file}) as Summoner runs it:`, '```yaml', renderMinion(m).trimEnd().replace(/```/g, "'''"), '```', ...(notes.length ? ['Notes:', ...notes] : [])].join('\n');
      }
      case 'remove': {
        const { movedTo } = await minions.remove(a.name);
        return `:white_check_mark: ${a.name} is no longer in the catalog; its folder is kept aside as ${movedTo}.`;
      }
      default:
        throw new SummonerError('command.invalid_args', `unknown action ${a.action}: ${ACTIONS.join(', ')}`);
    }
  },
});
