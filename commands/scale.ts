import { defineCommand } from './services.js';
import { withSteps } from '../src/robot/steps.js';
import { MAX_SCALE } from '../src/core/swarm/spec.js';

export default defineCommand({
  name: 'scale',
  summary: 'run several tasks of an app’s web and worker services (Swarm)',
  description:
    'On a Swarm, runs that many tasks of each web and worker service of the app that keeps no data, on any node, and waits until every one runs and passes its check; the count holds through restarts, updates and backups. Services that keep data (databases, folders) stay at one task, and the reply says why. On one host it is refused: each service runs one container there.',
  examples: ['scale wekan 3', 'scale wekan 1'],
  phrases: {
    // ("run more copies of wekan", « lance plus de copies »: copies that run are instances, not backups)
    // ("increase wekan to 3 instances", "passe wekan à 3 tâches": a count of the units it runs)
    en: ['scale', 'scale to', 'scale out to', 'scale up to', 'scale down to', 'replicas of', 'instances of', '{n} instances', '{n} instance', '{n} replicas', '{n} replica', '{n} tasks', '{n} task', '{n} containers', 'more copies', '{n} copies', 'fewer copies'],
    fr: ['scale', 'mets a l echelle', 'replicas de', 'instances de', '{n} instances', '{n} instance', '{n} taches', '{n} tache', '{n} replicas', '{n} conteneurs', 'lance plus de copies', 'fais tourner plus de copies', 'ajoute des copies', 'copies en plus', 'copies supplementaires', '{n} copies'],
  },
  args: [
    { name: 'app', type: 'minion', of: 'summoned', required: true, help: 'a summoned app' },
    { name: 'tasks', type: 'int', required: true, max: MAX_SCALE, help: `tasks per web and worker service (1 to ${MAX_SCALE})` },
  ] as const,
  sideEffects: true,
  needs: 'core',
  async run(ctx, a) {
    const core = ctx.services.core;
    await withSteps(ctx, ctx.t.scaling(a.app, a.tasks), (r) => core.scale(a.app, a.tasks, r), (res) =>
      [ctx.t.scaled(res.app, res.replicas, res.ms), ...res.scaled.map((x) => ctx.t.scaledService(x.service, x.from, res.replicas, x.nodes.join(', ') || '?')), ...res.kept.map((k) => ctx.t.scaleKept(k.service, k.why))].join('\n'),
    );
  },
});
