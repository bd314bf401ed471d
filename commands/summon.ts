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
    en: ["bring up", "spin up", "set up", "start up", "fire up", "launch", "deploy", "install", "provision", "roll out", "create", "stand up", "get running", "put up", "redeploy", "up and running", "put online", "compose up", "bring back"],
    fr: ["deploie", "deployer", "installe", "installer", "lance", "lancer", "monte", "mets en place", "demarre", "invoque", "allume", "redeploie", "redeployer", "compose up"],
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
      ctx.t.summoning(a.app, a.version),
      (r) => core.summon(a.app, a.version, r),
      (res) =>
        res.status === 'already' ? ctx.t.summonAlready(a.app, res.version, res.url, res.requested) : ctx.t.summoned(a.app, res.version, res.url, res.ms),
    );
  },
});
