// Frame every line of both corpora the way people frame what they type, and count the readings that change: the bot
// called first, thanks, an emoji or a copy to someone after, an "ok" before, a "please" added, French without its
// accents, the app said of another app, a word of six letters or more mistyped (a letter dropped, two swapped), and
// English requests made negative, hypothetical or past. A change is graded by what the framed line now reads:
// DESTR (a destructive command), SIDE (one with side effects), read (a command that only shows) or ask.
//   tsx scripts/understand/frame-corpus.ts [--list]   (last line: one JSON object of counts, `transform:grade`)
// Only lines read right alone are framed; a framed line is expected to read as the line alone, except the must-not-act
// frames (dont, whatif, didyou, why, later, ifbreaks), where any command with side effects counts. Round 19's probe.
import path from 'node:path';
import { CORPUS_APPS, CORPUS_DIR, read, readCorpus, type Utterance } from '../../test/helpers/utterances.js';

const list = process.argv.includes('--list');
const strip = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const beforePunct = (s: string, add: string) => {
  const m = /^(.*?)(\s*[?!.…]+\s*)$/.exec(s);
  return m ? `${m[1]}${add}${m[2]}` : `${s}${add}`;
};
const other = (a: string) => CORPUS_APPS[(CORPUS_APPS.indexOf(a) + 1) % CORPUS_APPS.length]!;
const once = (s: string, a: string) => (s.toLowerCase().match(new RegExp(`\\b${a}\\b`, 'g')) ?? []).length === 1;
const VERBS = new Set(['restart', 'backup', 'back', 'restore', 'dismiss', 'update', 'summon', 'deploy', 'install', 'remove', 'delete', 'roll', 'rollback', 'scale', 'prune', 'upgrade', 'bounce', 'reboot', 'spin', 'bring', 'kill', 'wipe', 'nuke', 'take', 'run', 'purge']);

type Frame = (u: Utterance) => { text: string; expected: string }[];
const same = (f: (u: Utterance) => string | undefined): Frame => (u) => {
  const text = f(u);
  return text && text !== u.text ? [{ text, expected: u.expected }] : [];
};
const lower = (u: Utterance) => `${u.text[0]!.toLowerCase()}${u.text.slice(1)}`.replace(/[.!?]+$/, '');
const mustNotAct = (f: (l: string) => string): Frame => (u) => (u.lang === 'en' && u.expected !== '?' && VERBS.has(u.text.split(/\s+/)[0]!.toLowerCase()) ? [{ text: f(lower(u)), expected: '?' }] : []);
const FRAMES: Record<string, Frame> = {
  at: same((u) => `@summoner ${u.text}`),
  name: same((u) => `summoner, ${u.text}`),
  thanks: same((u) => `${u.text.replace(/[.!]+$/, '')} ${u.lang === 'fr' ? 'merci' : 'thanks'}`),
  emoji: same((u) => `${u.text} 🙏`),
  cc: same((u) => `${u.text} cc @marc`),
  ok: same((u) => `${u.lang === 'en' ? 'ok' : 'bon'} ${u.text}`),
  please: same((u) => beforePunct(u.text, u.lang === 'en' ? ' please' : ' stp')),
  noaccent: same((u) => (u.lang === 'fr' ? strip(u.text) : undefined)),
  app: (u) => {
    const named = CORPUS_APPS.filter((a) => once(u.text, a));
    const a = named[0];
    if (named.length !== 1 || !a || (u.expected !== '?' && !once(u.expected, a)) || u.text.toLowerCase().includes(other(a))) return [];
    return [{ text: u.text.replace(new RegExp(`\\b${a}\\b`, 'i'), other(a)), expected: u.expected.replace(a, other(a)) }];
  },
  typo: (u) => {
    const ws = u.text.split(/(\s+)/);
    return ws.flatMap((w, i) => (/^\p{L}{6,}$/u.test(w) ? [w.slice(0, 2) + w.slice(3), w.slice(0, 2) + w[3] + w[2] + w.slice(4)] : []).filter((t) => t !== w).map((t) => ({ text: [...ws.slice(0, i), t, ...ws.slice(i + 1)].join(''), expected: u.expected })));
  },
  dont: mustNotAct((l) => `don't ${l}`),
  whatif: mustNotAct((l) => `what happens if I ${l}?`),
  didyou: mustNotAct((l) => `did you ${l}?`),
  why: mustNotAct((l) => `why did you ${l}?`),
  later: mustNotAct((l) => `I will ${l} next week`),
  ifbreaks: mustNotAct((l) => `${l} if it breaks again`),
};
const counts: Record<string, number> = {};
const out: string[] = [];
const lines = [...readCorpus(), ...readCorpus(path.join(CORPUS_DIR, '..', 'utterances-heldout'))];
let framed = 0;
for (const u of lines) {
  const r0 = read(u.text);
  if ((r0.kind === 'command' ? r0.parsed.canonical : '?') !== u.expected) continue;
  for (const [name, frame] of Object.entries(FRAMES)) {
    for (const v of frame(u)) {
      framed++;
      const r = read(v.text);
      const got = r.kind === 'command' ? r.parsed.canonical : '?';
      const c = r.kind === 'command' ? r.parsed.command : undefined;
      // (a typo may make a line ask, or read what shows, instead of acting: only a reading that acts counts)
      if (got === v.expected || (v.expected === '?' && !c?.sideEffects) || (name === 'typo' && !c?.sideEffects)) continue;
      const grade = c?.destructive ? 'DESTR' : c?.sideEffects ? 'SIDE' : got === '?' ? 'ask' : 'read';
      counts[`${name}:${grade}`] = (counts[`${name}:${grade}`] ?? 0) + 1;
      if (list) out.push(`${grade}\t${name}\t${u.lang}\t${v.text} => ${got} (expected ${v.expected})`);
    }
  }
}
if (list) console.log(out.sort().join('\n'));
const total = (g: string) => Object.entries(counts).reduce((n, [k, v]) => (k.endsWith(`:${g}`) ? n + v : n), 0);
console.log(JSON.stringify({ lines: lines.length, framed, destructive: total('DESTR'), side_effects: total('SIDE'), read: total('read'), ask: total('ask'), ...counts }));
