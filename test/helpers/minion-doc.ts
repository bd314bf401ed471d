// A compose document read as a custom minion file, for the catalog's tests: loaded, its issues and notes in words.
import { minionFromDoc } from '../../src/core/catalog/index.js';
import type { MinionResult } from '../../src/core/catalog/minion.js';
import type { Minion } from '../../src/core/types.js';

/** The smallest x-summoner block: a web service on port 8080. */
export const X = { description: 'a tmp minion', web: { service: 'web', port: 8080 } };

export const load = (doc: object): MinionResult => minionFromDoc(structuredClone(doc) as Record<string, unknown>, { name: 'app', file: '/x/app/compose.yml', origin: 'custom', digest: 'sha256:0' });

/** The minion, or a thrown error listing every issue. */
export const ok = (doc: object): Minion => {
  const r = load(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.minion;
};

export const issues = (doc: object): string[] => {
  const r = load(doc);
  return r.ok ? [] : r.issues.map((i) => `${i.key}: ${i.message}`);
};

export const notes = (m: Minion): string => (m.notes ?? []).map((n) => `${n.key}: ${n.message}`).join('\n');
