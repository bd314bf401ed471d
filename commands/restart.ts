import { defineCommand } from './services.js';
import { withSteps } from '../src/robot/steps.js';

export default defineCommand({
  name: 'restart',
  summary: 'restart an app and its database, then wait for its health check',
  description: 'Restarts the database, then the app, and waits until each passes its health check.',
  examples: ['restart wekan'],
  phrases: {
    en: ["reboot", "bounce", "restart", "kick", "cycle", "reload", "start again", "off and on", "power cycle", "relaunch"],
    fr: ["redemarre", "redemarrer", "relance", "relancer", "reboote", "rebooter", "remets en route", "remettre en route", "remets en marche", "relance la machine", "redemarrage", "eteins et rallume", "eteindre et rallumer", "eteindre puis rallumer", "eteins puis rallume", "coupe et rallume", "couper et rallumer"],
  },
  args: [{ name: 'app', type: 'minion', of: 'summoned', required: true }] as const,
  sideEffects: true,
  needs: 'core',
  async run(ctx, a) {
    const core = ctx.services.core;
    await withSteps(ctx, ctx.t.restarting(a.app), (r) => core.restart(a.app, r), (res) => ctx.t.restarted(a.app, res.ms));
  },
});
