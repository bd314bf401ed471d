import { defineCommand } from './services.js';
import { withSteps } from '../src/robot/steps.js';

export default defineCommand({
  name: 'summon',
  aliases: ['deploy', 'install'],
  summary: 'deploy an app from the catalog, on its own subdomain',
  description:
    'Deploys an app of the catalog (`list`): pulls its pinned image (or the version you name), creates its database and app containers, waits for its health check, then gives its URL. Its data and generated passwords are kept between summons. Summoning an app that already runs says so.',
  examples: ['summon wekan', 'summon ghost 5.116.2'],
  phrases: {
    en: ["bring up", "spin up", "set up", "start up", "fire up", "launch", "deploy", "install", "provision", "roll out", "create", "stand up", "get running"],
    fr: ["deploie", "deployer", "installe", "installer", "lance", "lancer", "monte", "mets en place", "demarre", "invoque"],
  },
  args: [
    { name: 'app', type: 'minion', required: true, help: 'an app from `list`' },
    { name: 'version', type: 'word', help: 'an image tag; default: the one the catalog pins' },
  ] as const,
  sideEffects: true,
  needs: 'core',
  async run(ctx, a) {
    const core = ctx.services.core;
    await withSteps(
      ctx,
      `summoning ${a.app}${a.version ? ` ${a.version}` : ''}`,
      (r) => core.summon(a.app, a.version, r),
      (res) =>
        res.status === 'already'
          ? `${a.app} is already here (version ${res.version})${res.url ? ` at ${res.url}` : ''}.` +
            (res.requested ? `\nYou asked for ${res.requested}: \`update ${a.app} ${res.requested}\` changes the version.` : '')
          : `:white_check_mark: ${a.app} ${res.version} is ready at ${res.url} (${(res.ms / 1000).toFixed(1)} s)`,
    );
  },
});
