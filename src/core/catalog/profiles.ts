// Compose `profiles`: a service that names profiles is started only when one of them is active, and plain
// `docker compose up` activates none (Ghost's analytics and ActivityPub services, a debugging tool beside the
// app). Summoner runs what `docker compose up` runs, plus the services of the profiles listed under
// `x-summoner.profiles`; every other profiled service is left out, said in a note.
import { keyOf, type Findings, type Segment } from './compose.js';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The profiles a service names (none: it always runs). */
export function profilesOf(svc: unknown): string[] {
  const p = isObject(svc) ? svc.profiles : undefined;
  return Array.isArray(p) ? p.filter((x): x is string => typeof x === 'string') : [];
}

/** Does a service run with these profiles active? */
export const runsWith = (svc: unknown, active: readonly string[]) => {
  const p = profilesOf(svc);
  return p.length === 0 || p.some((x) => active.includes(x));
};

/**
 * The services that run with `active` profiles, each without its `profiles` key (read here). A dependency on a
 * service left out is dropped when it says `required: false`, as compose does; otherwise it is a problem
 * naming the profile to activate (compose refuses such a file too). A profile of `active` that no service
 * names is a problem (a typo would otherwise leave a service out silently).
 */
export function servicesOfActiveProfiles(services: Record<string, unknown>, active: readonly string[], f: Findings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const left = new Map<string, string[]>();
  for (const [name, svc] of Object.entries(services)) {
    const p = profilesOf(svc);
    if (runsWith(svc, active)) {
      if (!isObject(svc) || svc.profiles === undefined) {
        out[name] = svc;
        continue;
      }
      const { profiles: _read, ...rest } = svc;
      out[name] = rest;
      if (p.length) f.notes.push({ key: keyOf(['services', name, 'profiles']), message: `runs: its profile ${p.filter((x) => active.includes(x)).join(', ')} is listed under x-summoner.profiles` });
    } else {
      left.set(name, p);
      f.notes.push({ key: keyOf(['services', name]), message: `left out: it runs only with the profile ${p.join(' or ')}, which docker compose up does not start; list it under x-summoner.profiles to run it` });
    }
  }
  for (const profile of active) {
    if (!Object.values(services).some((svc) => profilesOf(svc).includes(profile))) {
      f.issues.push({ key: keyOf(['x-summoner', 'profiles']), message: `no service has the profile ${JSON.stringify(profile)}` });
    }
  }
  if (left.size === 0) return out;
  if (Object.keys(out).length === 0) {
    const all = [...new Set([...left.values()].flat())];
    f.issues.push({ key: 'services', message: `every service runs only with a profile (${all.join(', ')}), and docker compose up starts none: list the ones to run under x-summoner.profiles` });
  }
  for (const [name, svc] of Object.entries(out)) {
    if (!isObject(svc) || svc.depends_on === undefined) continue;
    const deps = svc.depends_on;
    const at = (dep: string): Segment[] => ['services', name, 'depends_on', dep];
    const missing = (dep: string, required: boolean): boolean => {
      const p = left.get(dep);
      if (!p) return false;
      if (required) f.issues.push({ key: keyOf(at(dep)), message: `${dep} runs only with the profile ${p.join(' or ')}: list it under x-summoner.profiles, or remove this dependency` });
      else f.notes.push({ key: keyOf(at(dep)), message: `dropped: ${dep} is left out (profile ${p.join(' or ')}) and the dependency says required: false` });
      return true;
    };
    if (Array.isArray(deps)) {
      out[name] = { ...svc, depends_on: deps.filter((d) => typeof d !== 'string' || !missing(d, true)) };
    } else if (isObject(deps)) {
      out[name] = { ...svc, depends_on: Object.fromEntries(Object.entries(deps).filter(([d, spec]) => !missing(d, !(isObject(spec) && (spec.required === false || spec.required === 'false'))))) };
    }
  }
  return out;
}
