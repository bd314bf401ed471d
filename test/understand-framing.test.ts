// What frames a message must not change what it asks (src/robot/understand/vocative.ts, please-alone.ts): every line
// of the corpus and the held-out set that is read right reads the same with the bot called before it ("@summoner …",
// "summoner, …", as typed in a Mattermost channel and given as is to `--explain`) and with thanks after it; a French
// line typed without its accents acts on nothing the accented line does not. Found by framing the corpora this way
// (round 19): "summoner, no need to restart ghost" restarted ghost, "restart wekan, forget it thanks" restarted wekan,
// "dismiss registry --purge 🙏" lost its --purge, « ghost est sauvegarde ? » backed ghost up.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_APPS, CORPUS_DIR, read, readCorpus, type Utterance } from './helpers/utterances.js';

const corpus = readCorpus();
const lines = [...corpus, ...readCorpus(path.join(CORPUS_DIR, '..', 'utterances-heldout'))];
const reading = (text: string) => {
  const r = read(text);
  return { line: r.kind === 'command' ? r.parsed.canonical : '?', acts: r.kind === 'command' && r.parsed.command.sideEffects };
};
const right = lines.filter((u) => reading(u.text).line === u.expected);
// (each frame reads thousands of lines: the commonest over both sets, the others over the corpus, ~800 lines)
const rightInCorpus = right.filter((u) => corpus.includes(u));
const SLOW = 180_000;
const changed = (frame: (u: Utterance) => string, among = right) =>
  among.flatMap((u) => {
    const got = reading(frame(u)).line;
    return got === u.expected ? [] : [`${u.lang}.txt:${u.line} ${frame(u)} => ${got} (alone: ${u.expected})`];
  });

describe('a message framed', () => {
  it('reads the same with the bot called before it', () => {
    expect(right.length).toBeGreaterThan(7000);
    expect(changed((u) => `@summoner ${u.text}`)).toEqual([]);
    expect(changed((u) => `summoner, ${u.text}`, rightInCorpus)).toEqual([]);
  }, SLOW);

  it('reads the same with thanks, an emoji or a copy to someone after it', () => {
    expect(changed((u) => `${u.text.replace(/[.!]+$/, '')} ${u.lang === 'fr' ? 'merci' : 'thanks'}`)).toEqual([]);
    expect(changed((u) => `${u.text} 🙏`, rightInCorpus)).toEqual([]);
    expect(changed((u) => `${u.text} cc @marc`, rightInCorpus)).toEqual([]);
  }, SLOW);

  it('reads the same of another app: no phrase is fitted to one app, and no app name reads as a command word', () => {
    // (each line naming one app once, in its text and in its command, said of the next app of the catalog; found:
    // "static" read as a near-miss of `status` through another phrase's extra word)
    const other = (a: string) => CORPUS_APPS[(CORPUS_APPS.indexOf(a) + 1) % CORPUS_APPS.length]!;
    const once = (s: string, a: string) => (s.toLowerCase().match(new RegExp(`\\b${a}\\b`, 'g')) ?? []).length === 1;
    const swapped = right.flatMap((u) => {
      const named = CORPUS_APPS.filter((a) => once(u.text, a));
      const a = named[0];
      if (named.length !== 1 || !a || (u.expected !== '?' && !once(u.expected, a)) || u.text.toLowerCase().includes(other(a))) return [];
      // (a line that names the app another way too, « le site statique (static) », is skipped: it would name two)
      if (u.expected !== '?' && reading(u.text.replace(new RegExp(`\\b${a}\\b`, 'i'), '')).line.includes(a)) return [];
      const text = u.text.replace(new RegExp(`\\b${a}\\b`, 'i'), other(a));
      const expected = u.expected.replace(a, other(a));
      const got = reading(text).line;
      return got === expected ? [] : [`${u.lang}.txt:${u.line} ${text} => ${got} (expected ${expected})`];
    });
    expect(swapped).toEqual([]);
  }, SLOW);

  it('acts on nothing more when its French is typed without accents', () => {
    const strip = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const more = right
      .filter((u) => u.lang === 'fr' && strip(u.text) !== u.text)
      .flatMap((u) => {
        const r = reading(strip(u.text));
        return r.acts && r.line !== u.expected ? [`fr.txt:${u.line} ${strip(u.text)} => ${r.line} (accented: ${u.expected})`] : [];
      });
    // (the ones left: a phone's autocorrect that made the command a participle, « Restauré wekan d'hier », is the
    // command again once its accent is gone: « Restaure wekan d'hier » asks for it, a restore confirmed as every
    // restore is; « le minion personnalise kuma » names kuma, a word that describes being no name)
    expect(more).toEqual(more.filter((m) => /^fr\.txt:\d+ Restaure (?:we kan|wekan d'hier) => restore wekan(?: 2026-12-01)? \(accented: \?\)$/.test(m)));
    expect(more.filter((m) => m.includes('Restaure'))).toHaveLength(2);
  }, SLOW);
});
