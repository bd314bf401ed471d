// A minion whose services are built from its folder (`build:`): each image built (or found, when its context is
// unchanged) before the plan is made, and the minion's copy then names the built tag like a pulled one.
import type { Engine } from './engine/connection.js';
import { buildImage } from './engine/build.js';
import type { Minion, MinionService, ServiceSpec } from './types.js';

/** `step`: what is being built and the outcome; `output`: the build's own lines (the caller may throttle them). */
export async function withBuiltImages(engine: Engine, minion: Minion, report: { step(line: string): void; output(line: string): void }): Promise<Minion> {
  const services = minion.services ?? [];
  if (!services.some((s) => s.build)) return minion;
  const tags = new Map<string, string>();
  for (const s of services) {
    if (!s.build) continue;
    report.step(`building ${s.service} from ${s.build.context}/${s.build.dockerfile}`);
    const { ref, built } = await buildImage(engine, s.image, s.build, (line) => report.output(`${s.service}: ${line}`));
    const tag = ref.slice(ref.lastIndexOf(':') + 1);
    tags.set(s.service, tag);
    report.step(built ? `built ${ref}` : `${ref} is already built (its context is unchanged)`);
  }
  const retag = <T extends ServiceSpec | MinionService>(s: T): T => (tags.has(s.service) ? { ...s, tag: tags.get(s.service)! } : s);
  return {
    ...minion,
    web: retag(minion.web) as Minion['web'],
    ...(minion.database ? { database: retag(minion.database) as NonNullable<Minion['database']> } : {}),
    services: services.map(retag),
  };
}
