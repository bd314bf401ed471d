// A command line pasted in backticks or quotes with words around it: "can you run `backup gitlab` for me", "run this
// one: `update wekan`", "`outbox drop 12` please, that one is the broken webhook", "lance `summon ghost 5.116.2` stp".
// The line is the request when the words of its own clause ask for it (a word that asks, a verb that runs it) or it
// opens the message, and nothing in that clause talks about it instead: a past ("I ran `restore wekan` by mistake"),
// a "not" ("don't run `prune nextcloud`"), a plan ("will do `update gl`"), what a document says, a question about it
// ("`dismiss ghost --purge`?? seriously??"). The other clauses are the reason ("…, the workshop is over"). A line pasted
// with a word that asks what it would do ("explain", « explique », "what would `…` do", « ce que ferait `…` ») is that
// line to explain (`explainedLine`), never run. Pure.
import { DOES, INTENT, pastWord } from './not-a-request.js';
import { ADDRESSEE as YOU, ASKING_MODALS as MODALS, NEGATIONS, sentenceWords } from './words.js';
import { bareLineToExplain } from './bare-explained.js';

/** One quoted span: backticks (one or three), double quotes, guillemets. */
const SPANS = /(`{1,3})([^`]+?)\1|"([^"]+)"|“([^”]+)”|«\s*([^»]+?)\s*»/gu;
/** Words that ask for the line to be run ("please", "run", "lance", "vas-y", "go ahead", "when you get a sec"). */
const ASKS = new Set(['please', 'pls', 'plz', 'stp', 'svp', 'plait', 'merci', 'thanks', 'thx', 'kindly', 'run', 'execute', 'exec', 'do', 'try', 'lance', 'lancer', 'fais', 'faire', 'essaie', 'essaye', 'vas-y', 'go', 'ahead', 'sec', 'chance', 'minute', 'moment', 'asap', 'now', 'maintenant',
  // (urgency said beside it: "**urgent**: `restore wordpress 2026-12-01`", « vite : `restart wekan` »)
  'urgent', 'urgently', 'urgence', 'urgente', 'vite', 'quick', 'quickly', 'rn', 'immediately', 'immediatement']);
/** Modals that ask with "you" beside them ("can you run…", "tu peux lancer…"). */
/** Words that talk about a line rather than ask for it (what a document says, a mistake, news, a comparison). */
const TALKS = new Set([
  'ignore', 'ignorez', 'believe', 'rendez', 'difference', 'step', 'etape', 'runbook', 'procedure', 'doc', 'docs', 'documentation', 'wiki',
  // (what someone else asked of the speaker: "Tom told me to run `dismiss registry` but I'm not doing that")
  'told', 'asked', 'suggested', 'recommended',
  'say', 'says', 'said', 'dit', 'disait', 'dire', 'wrong', 'mauvais', 'mistake', 'erreur', 'broke', 'took', 'pasted', 'typed', 'colle', 'tape',
  'fyi', 'info', 'btw', 'is', 'was', 'est', 'etait', 'c', 'example', 'exemple', 'like', 'comme', 'means', 'veut', 'does', 'fait', 'what', 'quoi',
  'explain', 'explique', 'expliquer', 'expliquez', 'explanation', 'help', 'aide',
  // (for later, or under a condition: "could you run `update gitlab` tonight?", "run `restart wekan` if it hangs again")
  "i'd", "we'd", 'should', 'ferais', 'ferions', 'lancerais',
  // (the speaker's own to do: "I'll run `backup ghost` myself in a minute", « je lancerai `backup ghost` moi-même »)
  'myself', 'ourselves', 'moi-meme', 'nous-memes', 'lancerai', 'ferai', 'taperai', "i'll", 'gonna',
  // (done, said with its auxiliary even when the participle's accent is lost: « ils ont sûrement lance `backup all` »)
  'ont', 'avons', 'avez',
  'tonight', 'tomorrow', 'later', 'demain', 'soir', 'tard', 'next', 'prochain', 'prochaine', 'if', 'si', 'unless', 'until', 'once', 'sauf', 'quand', 'lorsque',
]);

/** A clause that opens by pointing back at the line before it: "that's what…", "is what I ran", « c'est ce que… », « voilà la commande ». */
const POINTS_BACK = /^\s*[,;:—–-]*\s*(?:c['’]est|c['’]etait|c['’]était|voil[aà]|that['’]?s|that\s+(?:is|was)|this\s+(?:is|was)|it['’]?s|is|was)\s+(?:ce\s+qu|exactly\s+what|what|la\s+(?:commande|ligne)|the\s+(?:command|line))/iu;

/** The command line pasted in the message, when the message asks for it to be run; `isLine` parses a line exactly. */
export function pastedLine(text: string, isLine: (line: string) => boolean): string | undefined {
  const one = oneLine(text, isLine);
  if (!one) return undefined;
  const { line, before, after } = one;
  // the span's own clause: from the last cut before it to the first cut after it ("and", "et" cut too)
  const cut = /[,;.?!]|\s(?:and|et|then|puis|but|mais)\s/giu;
  const starts = [...before.matchAll(cut)];
  const lead = starts.length ? before.slice(starts.at(-1)!.index + starts.at(-1)![0].length) : before;
  const end = after.search(cut);
  const tail = end < 0 ? after : after.slice(0, end);
  // ("`dismiss ghost --purge`?? seriously??": asked about, unless asked of the bot, "tu peux faire `…` ?")
  const questioned = after.slice(end < 0 ? after.length : end).trimStart().startsWith('?');
  const words = sentenceWords(`${lead} ${tail}`);
  // ("if it hangs, run `restart wekan`": a message that opens on a condition)
  if (['if', 'si', 'when', 'quand', 'once', 'unless'].includes(sentenceWords(text)[0]?.text ?? '')) return undefined;
  if (words.some((w) => pastWord(w) || NEGATIONS.has(w.text) || INTENT.has(w.text) || TALKS.has(w.text))) return undefined;
  // ("au besoin, `rollback ghost` remet l'ancienne version": the line as the subject of what it does)
  if (DOES.has(sentenceWords(tail)[0]?.text ?? '')) return undefined;
  const asks = words.some((w, i) => ASKS.has(w.text) || (MODALS.has(w.text) && (YOU.has(words[i + 1]?.text ?? '') || YOU.has(words[i - 1]?.text ?? ''))));
  const opens = sentenceWords(before).length === 0 && !POINTS_BACK.test(after);
  if (questioned && !words.some((w, i) => MODALS.has(w.text) && (YOU.has(words[i + 1]?.text ?? '') || YOU.has(words[i - 1]?.text ?? '')))) return undefined;
  return asks || opens ? line : undefined;
}

/** The one line quoted in the message, with the text around it (`isLine`: it parses as a command line). */
function oneLine(text: string, isLine: (line: string) => boolean = () => true): { line: string; before: string; after: string } | undefined {
  const spans = [...text.matchAll(SPANS)];
  if (spans.length !== 1) return undefined;
  const span = spans[0]!;
  const line = (span[2] ?? span[3] ?? span[4] ?? span[5] ?? '').trim();
  if (!line || line.includes('\n') || !isLine(line)) return undefined;
  return { line, before: text.slice(0, span.index), after: text.slice(span.index + span[0].length) };
}

/**
 * The line quoted at the start of the message and told of by the clause after it: "« restart nextcloud », c'est ce
 * que j'ai tapé hier", "`backup all`: that's what fixed it". Not a request, whatever the line does; the caller
 * parses it (once).
 */
export function lineToldOf(text: string): string | undefined {
  const one = oneLine(text);
  return one && sentenceWords(one.before).length === 0 && POINTS_BACK.test(one.after) ? one.line : undefined;
}

/** Words that ask what a line would do: "explain it", « explique-moi », "what would `…` do", « ce que ferait `…` ». */
const EXPLAINS = new Set(['explain', 'explique', 'expliquer', 'expliquez', 'explique-moi', 'expliquez-moi', 'explain,']);
// (« que ferait exactement `…` ? », « ce que ferait la ligne « … » », « ça fait quoi `…` ? », "what exactly would the command `…` do")
const WOULD_DO = /\bwhat\s+(?:exactly\s+)?(?:would|will|does)\s+(?:(?:the|this)\s+(?:line|command)\s+)?[`"“«][^`"”»]+[`"”»]\s+(?:(?:exactly|actually|really)\s+)?(?:do|run)\b|\bwhat\s+[`"“«][^`"”»]+[`"”»]\s+(?:would|will)\s+(?:(?:exactly|actually|really)\s+)?(?:do|run)\b|\b(?:ce\s+)?qu(?:e\s+|['’]\s*)(?:ferait|fait|fera|donnerait)\s+(?:exactement\s+|concr[eè]tement\s+|au\s+juste\s+)?(?:(?:la|cette)\s+(?:ligne|commande)\s+)?[`"“«]|(?<!\p{L})[cç]a\s+(?:fait|ferait|donne|donnerait)\s+quoi\s+(?:exactement\s+|concr[eè]tement\s+)?[`"“«]|[`"”»]\s*,?\s*[cç]a\s+(?:fait|ferait|donne|donnerait)\s+quoi\b/iu;
// ("what would happen if i typed `restore wekan from monday`? don't actually do it", « si je tape `…`, il se passe quoi
// exactement ? ne le fais pas », « je souhaiterais savoir ce que donnerait « … », sans rien exécuter »: what a line would
// do if the asker typed it, asked before typing it; the "not" after it says only not to run it, which explaining never
// does; read on any quoted text, as "explain" is)
const IF_TYPED = /\bwhat\s+(?:would|will|could)\s+happen\s+if\s+(?:i|we)\s+(?:typed|type|ran|run|sent|send|entered|enter)\s+[`"“«]|\bwhat\s+happens\s+if\s+(?:i|we)\s+(?:type|run|send|enter)\s+[`"“«]|\bsi\s+(?:je|j'|on)\s*(?:tape|tapais|lance|lancais|lançais|envoie|envoyais|ecris|écris|ecrivais|écrivais)\s+[`"“«][^`"”»]+[`"”»]\s*,?\s*(?:il\s+se\s+passe(?:rait)?|[cç]a\s+(?:fait|ferait|donne(?:rait)?))\s+quoi\b|\b(?:qu'est-ce\s+qu'il\s+se\s+passe(?:rait)?|que\s+se\s+passe(?:rait)?-t-il)\s+si\s+(?:je|j'|on)\s*(?:tape|tapais|lance|lancais|lançais)\s+[`"“«]|\bce\s+que\s+(?:donnerait|donne|donnera)\s+[`"“«]|\bwhat\s+would\s+(?:you|u)\s+(?:run|do)\s+if\s+(?:i|we)\s+(?:typed|type|ran|run|sent|send)\s+[`"“«]|\bwhat['’]?s\s+the\s+plan\s+if\s+(?:i|we)\s+(?:run|type|ran|typed)\s+[`"“«]|\btu\s+ferais\s+quoi\s+(?:avec|pour|de)\s+[`"“«]|\bce\s+que\s+tu\s+(?:lancerais|ferais|executerais|exécuterais)\s+(?:pour|avec)\s+[`"“«]|[`"”»]\s*,?\s*(?:(?:[cç]a|it|this|that)\s+)?(?:ask|asks|need|needs|require|requires|demande|demande-t-il|necessite|nécessite)\s+(?:for\s+)?(?:a\s+|une\s+)?confirm|\bis\s+[`"“«][^`"”»]+[`"”»]\s+confirmed\b/iu;

/** "don't run it", « sans rien lancer »: the only "not" a question about what a line would do may hold. */
const DONT_RUN = /\b(?:don['’]?t|do\s+not|never)\s+(?:actually\s+)?(?:run|do|execute|launch)\s+(?:it|that|this|anything)\b|\bsans\s+(?:rien\s+)?(?:le\s+|la\s+)?(?:lancer|faire|ex[ée]cuter)\b|\bne\s+(?:le|la)\s+(?:lance|fais)\s+pas\b/giu;
/** "dry run", a simulation, « à blanc »: what a line would do, asked without running it. */
const DRY_RUN = /\bdry[\s-]?run\b|\bsimulat(?:e|ion)\b|\bsimul(?:e|er|ez)\b|(?:essai|test)\s+[àa]\s+blanc\b/iu;
/** "dry run: restore ghost 2026-11-30", « essai à blanc de restore ghost … »: the line typed bare after the words. */
const DRY_RUN_LEAD = /^\s*(?:(?:a|un|une|fais|fais\s+un|do\s+a)\s+)?(?:dry[\s-]?run|simulation|(?:essai|test)\s+[àa]\s+blanc)\s*(?:of|for|de|d['’]|du|:|-|—)?\s*(.+?)\s*(?:,?\s*(?:please|pls|stp|svp))?\s*[?!.]*$/iu;

/** "…, explain <line>", « …, explique <line> »: the line after "explain" in a last clause of its own. */
const EXPLAIN_LAST = /[,;:]\s*(?:(?:please|pls|stp|svp|summoner|@summoner|now|then|puis|alors)\s+)*(?:explain|explique(?:-moi)?|expliquez(?:-moi)?)\s+([^,;:]+?)\s*[?!.]*$/iu;
/** The command line pasted in the message when the message asks what it would do; `isLine` parses a line exactly. */
export function explainedLine(text: string, isLine: (line: string) => boolean): string | undefined {
  const spans = [...text.matchAll(SPANS)];
  const bare = spans.length === 0 ? DRY_RUN_LEAD.exec(text) : null;
  if (bare && isLine(bare[1]!)) return bare[1]!;
  // ("before I do it by hand, explain restore nextcloud 2026-11-30": the line typed bare after "explain", opening the
  // message's last clause)
  const after = spans.length === 0 ? EXPLAIN_LAST.exec(text) : null;
  if (after && isLine(after[1]!)) return after[1]!;
  // ("what would rollback mattermost do?", « si je tape prune ghost il se passe quoi ? »: the line typed bare in the question)
  if (spans.length === 0) return bareLineToExplain(text, isLine);
  // (in backticks or in quotes: 'Explain me what does "dismiss ghost --purge"'; explaining runs nothing)
  if (spans.length !== 1) return undefined;
  const span = spans[0]!;
  const line = (span[2] ?? span[3] ?? span[4] ?? span[5] ?? '').trim();
  if (!line || line.includes('\n')) return undefined;
  if (IF_TYPED.test(text) && /\s/.test(line)) return line;
  // (explaining runs nothing: "what would `…` do? don't run it" is still that line to explain; another "not" is not)
  const outside = text.replace(SPANS, ' ');
  const words = sentenceWords(outside);
  if (WOULD_DO.test(text) && isLine(line) && !sentenceWords(outside.replace(DONT_RUN, ' ')).some((w) => NEGATIONS.has(w.text))) return line;
  if (words.some((w) => NEGATIONS.has(w.text))) return undefined;
  // (a quoted request in words is explained too, « explique ce que ferait « restaure wekan de lundi » »: explaining
  // reads any text; only a line that parses exactly is taken on "what would … do" alone)
  const explains = words.some((w) => EXPLAINS.has(w.text)) || DRY_RUN.test(text.replace(SPANS, ' '));
  // ("what would `…` do" with an exact line was read above, before the negations)
  return explains && (isLine(line) || /\s/.test(line)) ? line : undefined;
}
