// Whether a sentence is a request at all. A sentence can hold a command's words and still ask for nothing: it
// quotes a command, sets a condition ("if wekan hangs…"), reports what someone else said or what was done, is
// news ("FYI…"), states a plan for later, asks for advice ("should I…?", "is it safe to…?") or whether something
// can be done, names the command as a thing ("the restore worked"), or is sarcastic. These rules read that from
// the words around the command; the understanding step (index.ts) asks rather than acts on such a sentence.
import { pauseLasts } from './pause-until.js';
import { inPurpose } from './purpose-moment.js';
import { momentOfOther } from './other-event.js';
import { weekendGone } from './weekend-gone.js';
import { inSelfAfter, selfAfter } from './self-after.js';
import { isCron, rawTokens } from './as-typed.js';
import { holdsUnquotedCron } from '../grammar/parse.js';
import type { Token } from '../grammar/tokenize.js';
import { bareWeekday, LATEST, WEEKDAYS } from './dates.js';
import { formSays } from './form-fields.js';
import { momentAhead } from './moment-ahead.js';
import { onlyOnceApproved, toBeApproved } from './approval.js';
import { fromDocument, namesThing } from './document-source.js';
import { afterPointsBack } from './after-back.js';
import { afterOpener, asksWhereToFind } from './where-to-find.js';
import { storyApart } from './app-then-story.js';
import { listMarked } from './list-marks.js';
import { SHOW_VERBS, SPEAKER_SUBJECTS } from './vocabulary.js';

/** A clause that opens with what comes after the one before it ("after that", "afterwards", « après ça », « ensuite »). */
const AFTER_THAT = /^(?:(?:and|et|ok|so|alors|puis)\s+)?(?:after\s+that|after\s+this|afterwards|once\s+(?:that|it)\s+(?:is|s)\s+(?:done|over)|apres\s+(?:ca|cela|ce\s+call|la\s+reunion)|ensuite)\b/u;
/** An hour said with "at", « à » ("a call at 11", « à 14h »): a moment of the day, not a backup's. */
const HOUR_AT = /\b(?:at|a)\s+\d{1,2}(?:\s*h|:\d{2}|\s*(?:am|pm))?\b/u;
import { meaningOf, type PhraseHit } from './phrase.js';
import { stanceOf } from './stances.js';
import { ADDRESSEE, ASKING_MODALS, holdsAny, normalise, sentenceWords, type SentenceWord } from './words.js';

/** « peux-tu », « pourriez-vous »: the French ask with its subject after the verb. */
const ASKED_INVERTED = /^(peux|pourrais|pouvez|pourriez)-(tu|vous)$/;

/** "how do I restore?", "comment sauvegarder ?": a question about a command, answered by its help. */
export function asksHow(words: SentenceWord[], text = ''): boolean {
  // ("so what does prune do?", « alors, comment on restaure ? »: the question after a word that opens talk; "where do I
  // find an app's logs?"; where-to-find.ts)
  const opened = afterOpener(words, text);
  if (opened && asksHow(opened, text)) return true;
  if (asksWhereToFind(words, text)) return true;
  const [a, b] = [words[0]?.text, words[1]?.text];
  if (a === 'explain' || a === 'explique') return true;
  // ("auriez-vous l'obligeance de m'expliquer la commande rollback ?", « … le fonctionnement de la commande restore »)
  if (words.some((w, i) => ['explain', 'explique', 'expliquer', 'expliquez'].includes(w.text) && words.slice(i + 1, i + 7).some((x) => x.text === 'commande' || x.text === 'command'))) return true;
  // ("can you explain how to restore wekan?", « tu peux m'expliquer comment restaurer wekan ? », "show me how to roll back",
  // « montre-moi comment on restaure »: how it is done, asked through a verb of explaining; "show me how ghost is doing",
  // « montre-moi comment va ghost » ask about the app)
  // (the speaker showing, « je vous montre comment update revient en arrière », is telling, not asking)
  // ("I forgot how you update an app, remind me?", « j'ai oublié comment on met à jour une appli », « je sais plus
  // comment on restaure »: how it is done, said as not known or not remembered, by the speaker too)
  if (words.some((w, i) => EXPLAINING.has(w.text) && !SPEAKER.has(words[i - 1]?.text ?? '') && !SPEAKER.has(words[i - 2]?.text ?? '') && howAfter(words, ME.has(words[i + 1]?.text ?? '') ? i + 2 : i + 1))) return true;
  if (recalledHow(words) !== undefined) return true;
  // "c'est quoi la commande prune ?"
  // ("c koi la commande verify": typed without its "est")
  if (a === 'c' && (b === 'quoi' || (b === 'est' && words[2]?.text === 'quoi')) && words.some((w) => w.text === 'commande' || w.text === 'command')) return true;
  // ("c'est quelle commande pour lister les sauvegardes ?", « quelle est la commande pour redémarrer ? »: which command
  // does it, asked as « c'est quoi la commande pour … » is)
  if (((a === 'c' && (b === 'quelle' || (b === 'est' && words[2]?.text === 'quelle'))) || (a === 'quelle' && b === 'est')) && words.some((w, i) => (w.text === 'commande' || w.text === 'command') && words[i + 1]?.text === 'pour')) return true;
  // "what's the command to restart an app"
  if (['what', "what's", 'whats', 'which'].includes(a ?? '') && words.some((w) => w.text === 'command')) return true;
  // "à quoi sert prune ?", "prune, ça sert à quoi ?"
  if (words.some((w) => w.text === 'sert' || w.text === 'servent') && words.some((w) => w.text === 'quoi')) return true;
  // "prune, ça fait quoi exactement ?"
  // ("l'auditeur veut savoir qui a fait quoi : montre les 25 dernières commandes": who did what is the audit's)
  if (a !== 'qui' && words.some((w, i) => w.text === 'fait' && words[i + 1]?.text === 'quoi' && !(words[i - 1]?.text === 'a' && words[i - 2]?.text === 'qui'))) return true;
  // "que fait la commande prune ?"
  if ((a === 'que' || a === 'qu') && b === 'fait' && words.some((w) => w.text === 'commande' || w.text === 'command')) return true;
  // ("ça veut dire quoi, « rollback » ?", "que signifie verify ?", "prune means what?": what a word means, asked)
  if ((/\?\s*$/.test(text) || words.some((w) => w.text === 'quoi')) && words.some((w, i) => (w.text === 'veut' && words[i + 1]?.text === 'dire') || w.text === 'signifie' || (w.text === 'means' && words[i + 1]?.text === 'what'))) return true;
  // ("How I can restore one app?", "How we do a restore?": the question's order left as Romance languages keep it)
  if (a === 'how') return ['do', 'can', 'to', 'should', 'would', 'does'].includes(b ?? '') || (['i', 'we', 'one'].includes(b ?? '') && (['can', 'could', 'do', 'should', 'must', 'have'].includes(words[2]?.text ?? '') || (ENDS_ASKED.test(text) && !!words[2] && !pastWord(words[2]))));
  if (a === 'comment') return !!b && !HOW_IT_IS.has(b);
  if (a === 'what' && words.some((w) => w.text === 'happen' || w.text === 'happens')) return true;
  // "if restart wekan, the boards will lose or not?", « si je supprime le registry on perd les images ou pas ? »: what
  // doing it would do, asked as a yes/no with its "or not"
  if (words.some((w) => w.text === 'if' || w.text === 'si') && /\b(?:or\s+not|ou\s+pas|ou\s+non)\s*\?\s*$/iu.test(text)) return true;
  if (words.some((w) => w.text === 'passe' || w.text === 'passe-t-il' || w.text === 'arrive-t-il') && words.some((w) => w.text === 'si')) return true;
  // ("what does the wordpress minion look like", "what does the outbox hold" ask to see it, not how it works)
  return a === 'what' && b === 'does' && !(words.some((w) => w.text === 'look') && words.some((w) => w.text === 'like')) && !words.some((w) => SHOWS.has(w.text));
}
const ENDS_ASKED = /\?\s*$/;
/** After « comment », the words of how something is (« comment va ghost », « comment ça se passe »), not of how to do it. */
const HOW_IT_IS = new Set(['va', 'vont', 'ca', 'allez', 'se', 'est', 'sont']);
/** Verbs that ask to be told or shown how (their « -moi » forms too). */
const EXPLAINING = new Set(['explain', 'explique', 'expliquer', 'expliquez', 'explique-moi', 'expliquez-moi', 'tell', 'show', 'dis', 'dites', 'montre', 'montrer', 'montrez', 'montre-moi', 'montrez-moi', 'dis-moi', 'dites-moi']);
/** Verbs of not knowing or not remembering how (normalised: « oublié » is "oublie"). */
const RECALLING = new Set(['forgot', 'forget', 'forgotten', 'remember', 'recall', 'remind', 'know', 'wonder', 'wondering', 'oublie', 'rappelle', 'rappelles', 'rappeler', 'rappelez', 'sais', 'savoir', 'souviens']);
const NO_MORE = new Set(['pas', 'plus', 'not', "don't", 'dont']);
/**
 * Where the "how" of a way of doing is, said after a verb of not knowing or not remembering (« je sais plus comment on
 * restaure », "I forgot how you update an app", "do you know how to roll back?"); knowing, said with no "not" ("I
 * know how to restart ghost", "the apps you know how to deploy"), asks nothing.
 */
export function recalledHow(words: readonly SentenceWord[]): number | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.text;
    if (!RECALLING.has(w)) continue;
    const knows = w === 'know' || w === 'sais';
    if (knows && !NO_MORE.has(words[i - 1]?.text ?? '') && !NO_MORE.has(words[i + 1]?.text ?? '') && !(['you', 'tu'].includes(words[i - 1]?.text ?? '') && ['do', 'did', 'est-ce', 'que'].includes(words[i - 2]?.text ?? ''))) continue;
    const at = ME.has(words[i + 1]?.text ?? '') || NO_MORE.has(words[i + 1]?.text ?? '') ? i + 2 : i + 1;
    if (howAfter(words, at)) return at;
  }
  return undefined;
}
const ME = new Set(['me', 'moi', 'm', 'us', 'nous']);
const SPEAKER = new Set(['i', 'je', 'we', 'on', 'nous']);
/** "how to …", "how do I …", « comment (on) restaurer »: a way of doing, not how something is (« comment va ghost »). */
function howAfter(words: readonly SentenceWord[], i: number): boolean {
  const [how, next] = [words[i]?.text, words[i + 1]?.text];
  if (how === 'how') return ['to', 'do', 'does', 'i', 'we', 'you', 'one', 'can', 'should'].includes(next ?? '');
  return how === 'comment' && !!next && !HOW_IT_IS.has(next) && next !== 'marche' && next !== 'tourne';
}
/** French past participles not in -é: what the conditional past of « faire », « mettre », « prendre » is said with. */
const DONE_IRREGULAR = ['fait', 'mis', 'remis', 'pris', 'repris'];
/** Verbs of a "what does X …" that asks to see X's content. */
const SHOWS = new Set(['hold', 'contain', 'have', 'show', 'say', 'list', 'store', 'keep']);
/** "only" before "if" (« seulement si », « uniquement si »): the condition is the request's, whatever clause it is in. */
const ONLY = new Set(['only', 'seulement', 'uniquement']);
export const IF_WORDS = new Set(['if', 'si', 'whether', 'suppose', 'imagine', 'hypothetically', 'supposons', 'imaginons', 'hypothese', 'supposing', 'assuming', 'admettons']);
/** "if you can, restart ghost", "si possible": polite, not hypothetical. */
const POLITE_IF = new Set(['you', 'u', "you'd", 'youd', "you're", 'possible', 'needed', 'necessary', 'tu', 'vous', 'besoin', 'ca', 'poss']);
/** What "if you …" says when it is polite ("if you can", "if you have a minute", "si tu peux", "si vous voulez bien"). */
const POLITE_AFTER_YOU = new Set(['can', 'could', 'would', 'will', "don't", 'dont', 'do', 'have', 'get', 'mind', 'please', 'are', 'want', 'wish', 'like', 'find', 'peux', 'pouvez', 'veux', 'voulez', 'as', 'avez', 'es', 'etes', 'trouves', 'trouvez', 'le', 'y', 'en', 'n', 'ne', 'pourrais', 'pourriez', 'voudrais', 'voudriez', 'aurais', 'auriez', 'sais', 'savez']);
/** Words of a polite "if it's not too much" ("si ce n'est pas trop demander", "if it's not too much trouble"). */
export const POLITE_NOT = new Set(['trop', 'much', 'trouble', 'bother', 'deranger', 'derange', 'problem', 'probleme', 'souci', 'hassle']);
/** The "if" at `i` is polite ("if you can", "si ça te va"), not a condition ("si ça plante"). */
export function politeIf(words: SentenceWord[], i: number): boolean {
  const next = words[i + 1]?.text ?? '';
  // "if you can", "si tu peux", "if you don't mind"; "lemme know if u restart wekan" is a condition
  // (« si t'as deux secondes », « si t'es dispo »: « t' » is « tu »)
  if (['you', 'u', 'tu', 'vous', 't'].includes(next) && !POLITE_AFTER_YOU.has(words[i + 2]?.text ?? '')) return false;
  if (next === 't') return true;
  // "si ce n'est pas trop demander", "if it's not too much trouble", "if it's no bother"
  if (words.slice(i + 1, i + 7).some((w) => POLITE_NOT.has(w.text)) && words.slice(i + 1, i + 7).some((w) => ['not', 'pas', 'no', 'n'].includes(w.text))) return true;
  if (next === 'ca') return ['te', 't', 'vous', 'ne', 'n'].includes(words[i + 2]?.text ?? '');
  return POLITE_IF.has(next);
}
const AVOIR_PRESENT = new Set(['ai', 'a', 'avons', 'avez', 'ont', 'have', 'has', "i've", "we've"]);
const AUXILIARIES = new Set(['ai', 'avons', 'avez', 'ont', 'avait', 'avais', 'aurait']);
const ARTICLES = new Set(['the', 'le', 'la', 'l', 'les']);
export const REQUEST_WORDS = new Set(['please', 'pls', 'plz', 'can', 'could', 'would', 'stp', 'svp', 'peux', 'pourrais', 'pourriez', 'pouvez', 'fais', 'faire', 'do', 'run', 'lance', 'lancer', 'launch', 'start', 'make', 'take', 'need', 'want', 'veux', 'voudrais', 'let', "let's", 'lets', 'go', 'kick', 'trigger', 'veuillez', 'prie']);
/** A clock time opening the message ("00h50 …", "23:05 …"), as a timeline's entries open. */
const TIMELINE_ENTRY = /^\s*\d{1,2}(?:h|:)\d{2}\s+\S/u;
/** Words of a thing that fails now ("nothing is working", « plus rien ne marche »). */
const NOTHING_WORKS = new Set(['working', 'works', 'marche', 'fonctionne', 'broken', 'down', 'casse', 'plante']);
/**
 * A message that opens on another tool's name and a colon, its name in brackets ("[Uptime Kuma] [Ghost] [🔴 Down]"),
 * Jira's name and a ticket ("Jira OPS-1533 passé à …"), or a cron mail's sender ("Cron <summoner@ops> …"): that
 * tool's output, pasted; Summoner's own too ("[Summoner] daily report …"), and any of them forwarded ("Fwd:", « TR : »).
 */
// (not an app's own name, "gitlab: upgrade to 17.6.1" names the app a request is for: GitLab's CI is "gitlab ci")
const TOOL_OUTPUT = /^\s*(?:(?:fwd?|tr|transf[ée]r[ée]|forwarded)\s*:\s*)?(?:\[\s*(?:summoner|renovate|dependabot|jira|gitlab\s+ci|github(?:\s+actions)?|jenkins|alertmanager|pagerduty|sentry|grafana|prometheus|zabbix|nagios|uptime[\s-]*kuma|kuma|drone|argo\s*cd|argocd|sonarqube|snyk|opsgenie|google\s+calendar|calendar|outlook|let['’]?s\s*encrypt|certbot|watchtower|healthchecks(?:\.io)?|pingdom|statuscake)\s*\]|(?:renovate|dependabot|jira|gitlab\s+ci|github(?:\s+actions)?|jenkins|alertmanager|pagerduty|sentry|grafana|prometheus|zabbix|nagios|uptime[\s-]*kuma|kuma|drone|argo\s*cd|argocd|sonarqube|snyk|opsgenie|google\s+calendar|calendar|outlook|let['’]?s\s*encrypt|certbot|watchtower|healthchecks(?:\.io)?|pingdom|statuscake)(?:\s*\[bot\]|\s+bot)?\s*(?::|(?=\s+[A-Z][A-Z0-9]+-\d+\b))|cron\s*<[^>\s]+>)/iu;
/** Is the message another tool's output, pasted with no request of the speaker's ("Renovate: Update dependency ghost…")? */
// (the output ends where a sentence of the speaker's begins: "grafana : latence de mattermost x10. backup mattermost
// avant qu'on bricole" asks for the backup)
// (the words are split only for a message that opens so: this is asked of every reading that acts)
export function toolOutput(text: string, words?: readonly SentenceWord[]): boolean {
  if (!TOOL_OUTPUT.test(text) || /[.!?](?:\s|$)+\S/u.test(text.replace(TOOL_OUTPUT, ''))) return false;
  // (a request inside the pasted ticket's quotes is the ticket's, "Jira OPS-1545: "Need a wekan…" — can someone take it?":
  // only the words outside them can ask, and a question to "someone" there is about the ticket)
  const quoted = /["“«]/u.test(text);
  const outside = sentenceWords(text.replace(QUOTE_SPANS, ' '));
  if (!(words && !quoted ? words : outside).some((w) => POLITE_ASK.has(w.text) || REQUEST_WORDS.has(w.text) || SHOW_VERBS.has(w.text))) return true;
  return quoted && outside.some((w) => ['someone', 'anyone', 'quelqu'].includes(w.text)) && !outside.some((w) => SHOW_VERBS.has(w.text) || w.text === 'please' || w.text === 'stp');
}
// ("…, what could go wrong", « mais oui bien sûr, redémarrons… », "…, excellente idée", "…, génial" at the end; "restart
// wekan? AGAIN?": the request mocked, or asked back in disbelief)
export const SARCASM = /🙄|🙃|😒|😂|🤣|\b(?:ha){2,}h?\b|\b(?:hi){2,}\b|(^|\s)\/s\b|\byeah,? right\b|\bmdr\b|\blol\b|\blmao\b|\bptdr\b|\bjk\b|\bjust kidding\b|\bnah\b|\bje rigole\b|\bje plaisante\b|\bje blague\b|\bwhat could (?:possibly )?go wrong\b|\bmais oui,? bien s[uû]r\b|,\s*(?:quelle (?:(?:bonne|excellente|super|brillante) )?|(?:une )?(?:excellente|brillante) )id[ée]e\s*[!.]*\s*$|,\s*(?:(?:what|such) an? )?(?:great|excellent|brilliant|fantastic|genius) idea\s*[!.]*\s*$|,\s*g[ée]nial\s*[!.]*\s*$|\?\s*(?:again|encore|seriously|s[ée]rieux(?:ement)?|really|vraiment)\s*\?/iu;
/** A part of every match of SARCASM (lowercase): without one, its scan is skipped. */
const SARCASM_HINTS = ['🙄', '🙃', '😒', '😂', '🤣', 'haha', 'hihi', '/s', 'right', 'mdr', 'lol', 'lmao', 'ptdr', 'jk', 'kidding', 'nah', 'rigole', 'plaisante', 'blague', 'wrong', 'bien s', 'idée', 'idee', 'idea', 'nial', 'again', 'encore', 'seriously', 'rieux', 'really', 'vraiment'];
/** The message mocks or disbelieves (SARCASM), tested only when one of its words is there. */
export function sarcastic(text: string): boolean {
  return holdsAny(text, SARCASM_HINTS) && SARCASM.test(text);
}
/** A quoted span with words outside it: the sentence talks about what is quoted. */
// (and single quotes around words, never an apostrophe inside one: "forwarding from anna: 'please restore wordpress'")
const QUOTE_SPANS = /(["“«`‘]|(?<![\p{L}\p{N}])')([^"“”«»`‘’']+)(?:["”»`’]|'(?![\p{L}\p{N}]))/gu;
function quotesSomething(text: string): boolean {
  const quoted = [...text.matchAll(QUOTE_SPANS)].filter((m) => !isCron(m[2]!));
  return quoted.length > 0 && sentenceWords(text.replace(QUOTE_SPANS, ' ')).some((w) => !w.stop);
}
/** Which sentence words were typed inside a quoted span (undefined when the words do not line up). */
export function quotedWords(text: string, count: number): boolean[] | undefined {
  if (!/["“«`‘']/u.test(text)) return new Array<boolean>(count).fill(false);
  const out: boolean[] = [];
  let from = 0;
  for (const m of text.matchAll(QUOTE_SPANS)) {
    for (const _ of sentenceWords(text.slice(from, m.index))) out.push(false);
    for (const _ of sentenceWords(m[2]!)) out.push(true);
    from = m.index + m[0].length;
  }
  for (const _ of sentenceWords(text.slice(from))) out.push(false);
  return out.length === count ? out : undefined;
}
/** A cron expression in the message, quoted or typed as five bare fields with a star (parse.ts reads those for `schedule add`). */
function cronIn(raw: readonly Token[]): boolean {
  return raw.some((r) => r.quoted && isCron(r.text)) || holdsUnquotedCron(raw);
}
/** "did Marc restart ghost this morning?": `did`, then one word that is no app, no stop word and no word of the command (`first`: the command's first word). */
export function namedPersonDid(words: readonly SentenceWord[], first: number, apps: ReadonlySet<string>): boolean {
  return words[0]?.text === 'did' && first === 2 && !!words[1] && !words[1].stop && !apps.has(words[1].text);
}

/**
 * Why a sentence that reads as a command with side effects is not a request for it: it quotes a command, it is
 * a hypothetical ("if wekan hangs I'll restart it", "what if we restored…"), it reports the past ("I restarted
 * gitlab", "qui a redémarré gitlab ?"), it names the command as a thing with no request around it ("the restore
 * of ghost worked great"), or it is sarcastic.
 */
export function notARequest(words: SentenceWord[], hit: PhraseHit, text: string, apps: ReadonlySet<string>, clause: readonly number[] = clausesOf(text, words.length)): 'quoted' | 'if' | 'later' | 'past' | 'noun' | 'sarcasm' | 'reported' | 'self' | undefined {
  // a quoted command line is what a schedule runs, not a command talked about ("add a job that runs "backup ghost"")
  const schedulesLine = hit.phrase.command.args.some((a) => meaningOf(a) === 'line') && rawTokens(text).some((r) => r.quoted && isCron(r.text));
  // ("`502 Bad Gateway` on wekan since the deploy, please restart wekan": an error pasted in quotes, and the
  // command said outside them, is a request; a command read inside the quotes is talked about)
  const inQuotes = quotedWords(text, words.length);
  const readInQuotes = !inQuotes || (hit.pairs.length ? hit.pairs.map(([, i]) => i) : hit.used).every((i) => inQuotes[i]);
  if (quotesSomething(text) && !schedulesLine && readInQuotes) return 'quoted';
  // ('ajoute un horaire appelé nc-nuit "30 1 * * *" backup nextcloud', 'nightly 0 3 * * * backup all': a cron
  // expression says when the command is to run; read as anything but the schedule that takes it, it is not for now)
  if (!schedulesLine && hit.phrase.command.sideEffects && cronIn(rawTokens(text))) return 'later';
  // "> restart wekan": a line quoted from another message; "TODO: upd nc", "- [ ] upd nc": a note for later
  if (/^\s*>/.test(text)) return 'quoted';
  const marked = listMarked(text);
  if (marked) return marked;
  // ('runbook section 4.2 "Scaling wekan": scale wekan 3', « page confluence … → scale wekan 4 »: what a document says,
  // pasted, asked of nobody; document-source.ts)
  if (fromDocument(text)) return 'reported';
  // ("Renovate: Update dependency ghost to v5.118.0", "Jira: OPS-1430 created - Update mattermost to 10.3", « Jira :
  // OPS-1423 « Restaurer nextcloud d'hier » passé à En cours »: another tool's output, pasted; a request typed after it
  // says so, "Alertmanager: DiskSpaceLow … - purge nextcloud stp")
  if (toolOutput(text, words)) return 'reported';
  // ("00h50 wordpress (site de la boulangerie) restauré depuis la sauvegarde de lundi", "23:05 the 502 alerts started":
  // a timeline's entry, its clock time first, tells what was done; typed without accents, « restaure » reads as asked)
  if (TIMELINE_ENTRY.test(text) && !words.some((w) => POLITE_ASK.has(w.text) || REQUEST_WORDS.has(w.text))) return 'past';
  // ("Request: restore / App: gitlab / Date: TBD", "Ticket #4410 closed: rollback of ghost…": a one-line form's fields
  // say the moment is open or ahead, or the ticket done; form-fields.ts)
  const form = formSays(text);
  if (form) return form;
  // "restore wekan from yesterday was painful": the command said as the subject of a past copula, in its own clause
  // (no subject of its own before the copula: "restart ghost, it was stuck", "restore wekan which was broken" ask)
  const verbAt0 = hit.pairs[0]?.[1] ?? hit.first;
  const wasAt = words.findIndex((w, i) => i > verbAt0 + 1 && clause[i] === clause[verbAt0] && ['was', 'were', 'etait', 'fut'].includes(w.text));
  if (wasAt > 0 && !['it', 'this', 'that', 'which', 'who', 'he', 'she', 'they', 'there', 'il', 'elle', 'ca', 'c', 'ce', 'qui', 'que', 'qu', 'i', 'we', 'je', 'on', 'everything', 'tout'].includes(words[wasAt - 1]!.text) && !text.includes('?')) return 'past';
  // (what the speaker says of it otherwise: called off, hoped for, a note to self, what they would do: stances.ts)
  const stance = stanceOf(words, hit.pairs[0]?.[1] ?? hit.first, clause, text, words.some((w) => POLITE_ASK.has(w.text) || REQUEST_WORDS.has(w.text)), hit.phrase.command);
  if (stance) return stance === 'hope' || stance === 'note' || stance === 'hold' ? 'later' : stance === 'would' ? 'self' : 'if';
  // (« vous pourrez sauvegarder ghost avant ? », "will you be able to back up ghost before?": what can be done later)
  if (words.some((w, i) => i < verbAt0 && (FUTURE_CAN.has(w.text) || (w.text === 'able' && words[i - 1]?.text === 'be' && words.slice(Math.max(0, i - 3), i - 1).some((x) => ['will', "you'll", 'youll', 'll'].includes(x.text)))))) return 'later';
  // ("docker restart ghost? or do we wait for the cron", « redémarre ghost ? ou on attend ? »: whether to, weighed
  // against waiting)
  if (/\?\s*(?:or|ou)\s+(?:(?:do|should|shall|can)\s+(?:we|i)|we|on|je|j['’]|i)\b/iu.test(text)) return 'if';
  // ("update nextcloud --force to skip the backup", « mets à jour ghost pour sauter la sauvegarde »: done in a way the
  // command has not, without its safety backup; asked, as "without a backup" is)
  if (/\b(?:skip(?:s|ping)?|bypass(?:es|ing)?|sauter|saute|sautes|sautant|zapper|zappe|zappes|zappant|outrepasser|outrepassant)\s+(?:the\s+|la\s+|le\s+|its\s+|sa\s+|l['’]\s*)?(?:safety\s+)?(?:backup|sauvegarde|dump)\b/iu.test(normalise(text))) return 'if';
  // (« je veux savoir ce qu'un prune laisserait »: the command said with what it would do)
  if (words.some((w, i) => i > verbAt0 && i <= verbAt0 + 2 && clause[i] === clause[verbAt0] && /^\p{L}{3,}(?:rait|raient)$/u.test(w.text))) return 'if';
  // "~~restart wekan~~": struck out, dropped
  if (/~~[^~]+~~/u.test(text)) return 'past';
  // "merci pour la restauration de wordpress hier", "thanks for restarting wekan", "merci d'avoir sauvegardé…": thanks
  // for what was done ("merci de sauvegarder…" asks)
  // (« merci beaucoup la dernière maj de mattermost, l'appli marche plus », "thanks a lot the update…": thanks, mocked, for a thing)
  const thanked = (i: number) => ['pour', 'for', ...(words.slice(0, i).every((x) => x.stop) ? THANKED_THING : [])].includes(words[i + (THANKS_MUCH.has(words[i + 1]?.text ?? '') ? (words[i + 1]?.text === 'a' ? 3 : 2) : 1)]?.text ?? '');
  if (words.some((w, i) => i < (hit.pairs[0]?.[1] ?? hit.first) && ((['merci', 'thanks', 'thank', 'thx'].includes(w.text) && thanked(i)) || (w.text === 'you' && words[i - 1]?.text === 'thank' && words[i + 1]?.text === 'for') || (w.text === 'merci' && words[i + 1]?.text === 'd' && words[i + 2]?.text === 'avoir')))) return 'past';
  const verbAt = hit.pairs[0]?.[1] ?? hit.first;
  // the clause the command's word is in, and the first word of it that carries meaning ("avec le recul, retirer
  // l'ancien ghost était la bonne décision", "honestly, who would…": what opens the sentence is an aside)
  const opensClause = words.findIndex((x, i) => clause[i] === clause[verbAt] && !x.stop);
  const lead = words.findIndex((x, i) => clause[i] === clause[verbAt]);
  // ("check whether the wordpress backup is good": what to check, not a condition, for a command that only checks)
  // (« vérifie-nous si… »: the verb with its pronoun)
  const checks = (i: number) => CHECKS.has((['nous', 'moi'].includes(words[i - 1]?.text ?? '') ? words[i - 2] : words[i - 1])?.text.replace(/-(?:nous|moi)$/, '') ?? '') && !hit.phrase.command.destructive;
  if (words.some((w, i) => i < verbAt && IF_WORDS.has(w.text) && !politeIf(words, i) && !checks(i))) return 'if';
  // "just asking", "je demande seulement", "out of curiosity": the message says itself that it asks for nothing
  if (JUST_ASKING.test(normalise(text))) return 'if';
  // "I'd restart gitlab if I were you", "à ta place je redémarrerais": advice given, not a request
  if (/\bif i were you\b|\bif i was you\b|\ba (?:ta|votre) place\b/.test(normalise(text))) return 'if';
  // "supprime wekan si on te demande", "restart wekan if nobody's on it": a command that acts, under a condition
  // said after it that the bot cannot check
  // ("check if the wekan backup restores": what to check)
  // ("update ghost but only if the backup went fine", « …, mais seulement si… »: "only if" holds the request in any clause after it)
  const onlyIf = (i: number) => ONLY.has(words[i - 1]?.text ?? '');
  if (hit.phrase.command.sideEffects && words.some((w, i) => i > verbAt && (clause[i] === clause[verbAt] || onlyIf(i)) && IF_WORDS.has(w.text) && w.text !== 'whether' && !politeIf(words, i) && !checks(i))) return 'if';
  // ("restart ghost, and if it's still down roll it back", « sauvegarde ghost, sauf si celle de cette nuit a tourné »,
  // "backup ghost, unless last night's already ran": a condition opening the clause right after the request's, in the
  // same sentence, holds it, or hangs a second request on how it goes)
  if (hit.phrase.command.sideEffects && conditionNext(words, text, clause, verbAt) && !checks(verbAt + 1)) return 'if';
  // "pk wekan redémarre tout seul ??", "gitlab restarts by itself": a thing does it on its own, told
  if (words.some((w, i) => (['seul', 'seule', 'seuls', 'seules'].includes(w.text) && ['tout', 'toute', 'toutes', 'tous'].includes(words[i - 1]?.text ?? '')) || (w.text === 'itself' && words[i - 1]?.text === 'by') || (w.text === 'own' && words[i - 1]?.text === 'its' && words[i - 2]?.text === 'on'))) return 'noun';
  // "maj : wekan est revenu", "update: wekan is back": the command's word as the heading of news that follows
  if (/^[^:]{1,24}:\s/.test(text) && clause[verbAt] === 0 && words.some((w, i) => clause[i]! > 0 && (COPULAS.has(w.text) || narrates(w)))) return 'past';
  // "what would restoring ghost from monday do?", "qu'est-ce que ça donnerait de restaurer ghost ?": what it would do
  // ("honestly, who would ever want to roll back gitlab": who would)
  if (['what', 'who', 'qu', 'que', 'quoi'].includes(words[lead]?.text ?? '') && words.some((w, i) => i < verbAt && (w.text === 'would' || /(rait|raient)$/.test(w.text)))) return 'if';
  // "restore wordpress at some point this week", "un de ces jours": some time, not now
  // ("… un moment donné", "à un moment donné": at some point)
  // ("one day", « un jour »: some day, not "one day ago", « il y a un jour », « dans un jour »)
  const oneDay = (i: number) => (words[i]!.text === 'day' && words[i - 1]?.text === 'one' && words[i + 1]?.text !== 'ago') || (words[i]!.text === 'jour' && words[i - 1]?.text === 'un' && !['a', 'dans', 'en', 'par', 'd'].includes(words[i - 2]?.text ?? ''));
  if (words.some((w, i) => oneDay(i) || (w.text === 'point' && words[i - 1]?.text === 'some') || w.text === 'sometime' || w.text === 'someday' || (w.text === 'jours' && words[i - 1]?.text === 'ces' && words[i - 2]?.text === 'de') || (w.text === 'donne' && words[i - 1]?.text === 'moment'))) return 'later';
  // ("we'd need someone to approve the rollback of ghost first", « il faudrait qu'on valide le rollback de ghost »: a
  // decision still to be taken on it; approval.ts)
  if (toBeApproved(words, verbAt, hit.used) || onlyOnceApproved(text)) return 'later';
  // "j'aurais dû mettre à jour wekan hier", "il aurait fallu redémarrer ghost", "we should have restarted it": a regret
  // (« moi j'aurais fait un rollback de ghost tout de suite », « on aurait redémarré ghost »: the conditional past, what
  // one would have done, is no request either)
  if (words.some((w, i) => i < verbAt && ((/^aur(ais|ait|ions|iez|aient)$/.test(w.text) && (['du', 'pu', 'fallu', 'voulu', ...DONE_IRREGULAR].includes(words[i + 1]?.text ?? '') || !!words[i + 1]?.participle)) || (['should', 'could', 'would'].includes(w.text) && words[i + 1]?.text === 'have') || ["should've", 'shouldve', "could've", "would've"].includes(w.text)))) return 'past';
  // "in case ghost breaks we can always restore it", "au cas où", "en cas de"
  if (words.some((w, i) => i < verbAt && ((w.text === 'case' && words[i - 1]?.text === 'in') || (w.text === 'cas' && ['au', 'en'].includes(words[i - 1]?.text ?? ''))))) return 'if';
  // "marc said we should remove nextcloud", "he told me: restart gitlab", "on m'a demandé de restaurer…": what
  // someone else said, reported, is not this user's request
  // ("on veut ghost sur le serveur, déploie-le": a want of the speaker's own is no report)
  // ("our client wants the blog back as it was on friday, so restore wordpress…": a "so" after the report makes
  // the request the speaker's own conclusion)
  const concludes = (from: number) => words.some((w, k) => k > from && k < verbAt && (CONSEQUENCES.has(w.text) || (w.text === 'coup' && words[k - 1]?.text === 'du')));
  // ("le client l'a confirmé par écrit : supprime static": "par écrit", "in writing" is no verb that reports)
  // ("d'après la DSI faudrait virer le registry", "according to marc we should…", « selon le directeur, il faudrait… »:
  // someone else's view)
  if (words.some((w, i) => i < verbAt && ((w.text === 'apres' && words[i - 1]?.text === 'd') || (w.text === 'according' && words[i + 1]?.text === 'to') || (w.text === 'selon' && words[i + 1] !== undefined && !['moi', 'nous', 'vous', 'toi'].includes(words[i + 1]!.text))))) return 'reported';
  // ("léa asked me to get wekan restarted, can you do that?", "…, tu peux ?": a request relayed, then asked of the bot)
  // (a clause of its own that asks it of the bot and says nothing else: "can you believe it?" asks nothing)
  const relayed = words.some((w, i) => clause[i]! > clause[verbAt]! && (ASKING_MODALS.has(w.text) || /-(tu|vous)$/.test(w.text)) && words.every((x, k) => clause[k] !== clause[i] || x.stop || RELAY_WORDS.has(x.text) || ASKED_INVERTED.test(x.text)));
  // ("Marketing wants a microsite next week, …: summon static please", « le marketing veut…: déploie static stp »: what
  // someone wants, then a colon and a request that opens on its verb and asks, is the speaker's own request on it;
  // never after what someone said or wrote, "he told me: restart gitlab please", which quotes)
  const colon = text.lastIndexOf(':');
  const afterColon = colon >= 0 ? sentenceWords(text.slice(colon + 1)) : [];
  const wantedThenAsked = afterColon[0]?.text === words[verbAt]!.text && afterColon.some((w) => POLITE_ASK.has(w.text) || REQUEST_WORDS.has(w.text)) && words.every((w, i) => i >= verbAt || !REPORTING.has(w.text) || WANTS.has(w.text));
  // ("mrs durand says the site is slow, could you restart wordpress?", « Mme Durand dit que le site est lent, pouvez-vous
  // redémarrer wordpress ? »: what someone said, then a clause of its own that asks the bot, "could you", is the
  // speaker's request; never after a colon, which quotes)
  const askedApart = (i: number) => !text.includes(':') && clause[i]! < clause[verbAt]! && words.some((w, k) => k < verbAt && clause[k] === clause[verbAt] && ((ASKING_MODALS.has(w.text) && ADDRESSEE.has(words[k + 1]?.text ?? '')) || ASKED_INVERTED.test(w.text)));
  if (!relayed && !wantedThenAsked && words.some((w, i) => i < verbAt && (REPORTING.has(w.text) || (w.text === 'demande' && !!w.participle) || saidBySomeone(words, i)) && !SUBJECTS.has(words[i - 1]?.text ?? '') && !['par', 'in', 'by'].includes(words[i - 1]?.text ?? '') && !concludes(i) && !askedApart(i))) return 'reported';
  // "je redémarre gitlab ou j'attends ?", "we restore ghost tomorrow": the speaker is the one doing it
  // "i'm restarting wekan myself", "je le relance moi-même": the speaker does it
  // (not the speaker's own part after the request, "…, i'll bring it down myself after"; self-after.ts)
  if (words.some((w) => ['myself', 'ourselves', 'moi-meme', 'nous-memes'].includes(w.text)) && !selfAfter(words, clause, verbAt)) return 'self';
  // "on en reparle après la démo, de la mise à jour de nextcloud": the command is what is talked about
  if (words.some((w, i) => i < verbAt && TALK.has(w.text))) return 'noun';
  // ('job "backup-wordpress" failed on stage deploy', « la doc de mise à jour du registry », "the restore runbook": the
  // command's word names a CI job or stage, or a document, not something asked)
  // (unless the word comes again after it, asked: « le job de sauvegarde a planté, lance une sauvegarde de wordpress »)
  if (namesThing(words, verbAt) && !words.some((w, i) => i > verbAt && w.text === words[verbAt]!.text)) return 'noun';
  // "FYI backup of gitlab finished fine", "pour info la sauvegarde s'est bien passée": news, not a request
  const [f0, f1] = [words[0]?.text, words[1]?.text];
  if (['fyi', 'btw', 'ps', 'psa', 'info'].includes(f0 ?? '') || ((f0 === 'pour' || f0 === 'for') && (f1 === 'info' || f1 === 'information'))) return 'past';
  // ("je vous informe que la sauvegarde … a été effectuée", "just so you know": news the speaker gives)
  if (INFORMS.test(normalise(text))) return 'past';
  // "bkp nc done", "restart of wekan ok", "sauvegarde de ghost faite": the message ends on the news that it is done
  const lastWord = words.filter((w) => !w.stop).at(-1);
  // ("arrête wekan, le projet est fini": done is what a thing of another clause is, with its own copula, not the command)
  const lastAt = lastWord ? words.indexOf(lastWord) : -1;
  const ofOther = lastAt >= 0 && clause[lastAt] !== clause[verbAt] && words.some((w, i) => clause[i] === clause[lastAt] && COPULAS.has(w.text)) && !words.some((w, i) => clause[i] === clause[lastAt] && apps.has(w.text));
  // ("pause nc-nightly until the migration is done", « …jusqu'à ce que la migration soit finie »: done ends how long)
  const untilDone = (at: number) => words.slice(verbAt + 1, at).some((w) => ['until', 'till', 'til', 'jusqu', "jusqu'a", "jusqu'au"].includes(w.text));
  if (lastWord && !ofOther && !untilDone(lastAt) && DONE.has(lastWord.text) && words[lastAt + 1]?.text !== 'with' && lastAt > verbAt && !['when', 'once', 'if', 'quand', 'une', 'si'].includes(words[words.indexOf(lastWord) - 1]?.text ?? '') && !words.some((w) => POLITE_ASK.has(w.text))) return 'past';
  // ("rollback de wordpress fait, les plugins remarchent", "sauvegarde de gitlab finie, 3,8 Go": the news ends the
  // command's own clause, what follows says how it went; not a clause that asks, nor "done" said of a "when", nor
  // « vite fait », quickly)
  const ownLast = words.filter((w, i) => (!w.stop || DONE.has(w.text)) && clause[i] === clause[verbAt]).at(-1);
  const ownAt = ownLast ? words.indexOf(ownLast) : -1;
  if (ownLast && ownAt > verbAt && !untilDone(ownAt) && DONE.has(ownLast.text) && !['when', 'once', 'if', 'quand', 'une', 'si', 'be', 'etre', 'soit', 'vite'].includes(words[ownAt - 1]?.text ?? '') && !words.some((w) => POLITE_ASK.has(w.text) || REQUEST_WORDS.has(w.text))) return 'past';
  // ("nobody restart gitlab, I'm mid-migration", « personne ne redémarre gitlab », "no one should touch…": the team told
  // not to do it, with "nobody" as the verb's subject; "nobody can log in, restart wekan" asks)
  let n = verbAt - 1;
  while (n > 0 && (SUBJECT_FILLERS.has(words[n]!.text) || ['ne', 'n'].includes(words[n]!.text))) n--;
  const nobody = (words[n]?.text === 'nobody' || words[n]?.text === 'noone' || (words[n]?.text === 'one' && words[n - 1]?.text === 'no') || (words[n]?.text === 'personne' && ['ne', 'n'].includes(words[n + 1]?.text ?? ''))) && clause[n] === clause[verbAt];
  if (nobody) return 'if';
  // "je viens de sauvegarder mattermost": the recent past ("venir de")
  if (words.some((w, i) => i < verbAt && ['viens', 'vient', 'venons', 'venez', 'viennent'].includes(w.text) && ['de', 'd'].includes(words[i + 1]?.text ?? ''))) return 'past';
  // "je m'occupe de sauvegarder ghost", "je m'en charge", "on s'en occupe": the speaker takes it on
  // (« c'était moi qui redémarrais gitlab en boucle »: the command's own verb in the imperfect tells what went on)
  if (/^\p{L}{4,}(?:ais|ait|aient)$/u.test(words[verbAt]!.text) && clause[verbAt] !== undefined && words.some((w) => FR_IMPERFECT_CUES.has(w.text))) return 'past';
  // ("lowkey wanna update nextcloud but last time it was a disaster 💀": the speaker's own wish to do something
  // destructive, then a "but": hesitating, not asking)
  if (hit.phrase.command.destructive && words.some((w, i) => i < verbAt && (w.text === 'wanna' || (w.text === 'want' && words[i + 1]?.text === 'to')) && !['you', 'u'].includes(words[i - 1]?.text ?? '')) && words.some((w, i) => i > verbAt && (w.text === 'but' || w.text === 'mais') && clause[i] !== clause[verbAt])) return 'if';
  // ("hier soir j'ai mis en pause la tâche nightly-backup", "Marc a mis en pause…": an auxiliary then a past
  // participle just before the command's words, in their clause, tells what was done)
  // (« j'ai vidé toute l'outbox »: a quantifier and an article between)
  if (words.some((w, i) => i < verbAt && i >= verbAt - (['tout', 'toute', 'tous', 'toutes'].includes(words[verbAt - 2]?.text ?? '') ? 4 : 3) && (FR_PAST_AUXILIARIES.has(w.text) || w.text === 'a') && !!words[i + 1] && pastWord(words[i + 1]!) && clause[i] === clause[verbAt] && i > 0 && !words[i - 1]!.text.match(/^(?:tu|t|vous)$/))) return 'past';
  // ("we need to remember to verify the nextcloud backups before friday", « il faut qu'on pense à vérifier… »,
  // « faut pas oublier de… »: a note for the team to do it later)
  if (words.some((w, i) => i < verbAt && (w.text === 'remember' || w.text === 'pense' || w.text === 'penser' || (w.text === 'oublier' && ['pas', 'faut'].includes(words[i - 1]?.text ?? ''))) && words.slice(0, i).some((x) => ['we', 'i', 'faut', 'doit', 'devons', 'on', 'dois'].includes(x.text)))) return 'later';
  // (« Julie s'occupera du rollback de gitlab si besoin »: in the future too, by whoever "s'" is)
  if (words.some((w, i) => i < verbAt && TAKES_IT_ON.has(w.text) && ['m', 's', 'en', 'nous'].includes(words[i - 1]?.text ?? ''))) return 'self';
  // (« je transfère la lettre morte aux gens de la CI : … », "I'm forwarding the dead letter to the CI folks": the
  // speaker passes it on)
  if (words.some((w, i) => i < verbAt && ['transfere', 'forward', 'forwarding'].includes(w.text) && SUBJECTS.has(words[i - 1]?.text ?? ''))) return 'reported';
  // ("Wah another mattermost update, very nice lah", "yet another restart of wekan": one more of them, a thing)
  if (words[verbAt - 1]?.text === 'another' || (words[verbAt - 2]?.text === 'another' && apps.has(words[verbAt - 1]?.text ?? ''))) return 'noun';
  // ("shiok, ghost back up already", "wekan is back up again": the app running again, told)
  if (words[verbAt]?.text === 'back' && words[verbAt + 1]?.text === 'up' && apps.has(words[verbAt - 1]?.text ?? '') && words.slice(verbAt + 2).some((x) => ['already', 'again', 'finally', 'yet'].includes(x.text))) return 'past';
  // (« je suis sur la mise à jour de gitlab tout l'aprem », "I'm on the gitlab update", « je bosse sur le rollback »:
  // the speaker's work in hand)
  if (onItNow(words, verbAt, clause)) return 'self';
  // ("gonna restart ghost, save your drafts", « sauvegardez vos fichiers »: said of the team's own things; the bot's
  // own, "back up your own state", « sauvegarde ton propre état », is its backup)
  if (['your', 'vos', 'votre'].includes(words[verbAt + 1]?.text ?? '') && !['own', 'propre', 'state', 'etat', 'config'].includes(words[verbAt + 2]?.text ?? '') && !hit.phrase.command.destructive) return 'reported';
  // (« sauvegarde de ghost faite avant la maj », "backup of ghost done before the update": done, said right after its app)
  let doneAt = verbAt + 1;
  while (['de', 'du', 'd', 'of', 'the', 'la', 'le'].includes(words[doneAt]?.text ?? '')) doneAt++;
  if (apps.has(words[doneAt]?.text ?? '') && DONE.has(words[doneAt + 1]?.text ?? '') && clause[doneAt + 1] === clause[verbAt]) return 'past';
  // (« Sam est en train de restaurer nextcloud, touchez à rien »: under way, by whoever is doing it; nothing asked)
  if (words.some((w, i) => i < verbAt - 2 && w.text === 'en' && words[i + 1]?.text === 'train' && ['de', 'd'].includes(words[i + 2]?.text ?? ''))) return 'reported';
  // (« laissons le stagiaire supprimer gitlab », « laisse Marc redémarrer wekan »: someone else let do it, not the bot;
  // « laisse-moi redémarrer wekan » is the speaker)
  const letAt = words.findIndex((w, i) => i < verbAt - 1 && LET.has(w.text));
  if (letAt >= 0 && clause[letAt] === clause[verbAt] && words.slice(letAt + 1, verbAt).some((w) => !w.stop && !apps.has(w.text) && !['moi', 'nous', 'me', 'us', 'faire'].includes(w.text))) return 'reported';
  let s = verbAt - 1;
  while (s > 0 && SUBJECT_FILLERS.has(words[s]!.text)) s--;
  if (SUBJECTS.has(words[s]?.text ?? '') && !(words[s]?.text === 'on' && words[s - 1]?.text === 'turn')) return 'self';
  // "someone keeps restarting nextcloud", "he restarts it every time": another person does it, told
  // ("can someone restart gitlab?" asks)
  let o = verbAt - 1;
  while (o > 0 && (SUBJECT_FILLERS.has(words[o]!.text) || HABITS.has(words[o]!.text))) o--;
  if (OTHERS.has(words[o]?.text ?? '') && !words.some((w) => POLITE_ASK.has(w.text))) return 'reported';
  // "backup gitlab every night", "une sauvegarde toutes les nuits": a schedule (`schedule add`), not a run now
  // (a command that manages schedules talks of them: "pause the nightly job")
  if (recurring(words) && !hit.phrase.command.args.some((a) => meaningOf(a) === 'cron')) return 'later';
  // "after the standup pls rollback wp", "après la démo, redémarre wekan": a moment to come said first, with no
  // verb of its own (a verb there tells why: "after the update the login fails, roll back")
  if (['after', 'apres', 'once'].includes(words[0]?.text ?? '') && verbAt > 1) {
    const said = words.slice(1, verbAt).filter((x) => !x.stop && !REQUEST_WORDS.has(x.text) && !POLITE_ASK.has(x.text));
    if (said.length >= 1 && said.length <= 2 && !said.some((x) => narrates(x) || COPULAS.has(x.text) || /s$/.test(x.text) || apps.has(x.text))) return 'later';
  }
  // ("could you restart wekan whilst everyone's in the all-staff briefing", "update ghost during the demo": while
  // something happens, not now)
  // (a command of one moment only, in its own clause; "pause … during the freeze" lasts, "while you're at it", "while
  // we still have power" are now)
  const during = words.findIndex((w, i) => i > verbAt && DURING.has(w.text) && clause[i] === clause[verbAt]);
  // (nor a question about what was done: "did anyone restart mattermost during the night?")
  if (during > 0 && ONE_MOMENT.has(hit.phrase.command.name) && !words.slice(0, verbAt).some((x) => (['did', 'has', 'have', 'who', 'qui', 'a', 'as'].includes(x.text) || FR_PAST_AUXILIARIES.has(x.text))) && !words.slice(during + 1).some((x) => REQUEST_WORDS.has(x.text) || ['it', 'still', 'encore', 'ca'].includes(x.text))) return 'later';
  // ("once Marc approves, update nextcloud to 30.0.4", « dès que Marc valide, mets à jour… », "as soon as the call ends,
  // …": a condition to come opens the message; not « dès que possible », "as soon as you can", asap)
  const said = words.map((w) => w.text);
  const condAt = said[0] === 'once' ? 1 : (said[0] === 'des' || said[0] === 'sitot') && said[1] === 'que' ? 2 : (said[0] === 'as' && said[1] === 'soon' && said[2] === 'as') || (said[0] === 'une' && said[1] === 'fois' && said[2] === 'que') ? 3 : -1;
  if (condAt > 0 && verbAt > condAt && clause[condAt] !== clause[verbAt] && !said.slice(condAt, verbAt).some((x) => ['possible', 'can', 'could', 'peux', 'pouvez', 'pourras', 'pourrez', 'asap'].includes(x))) return 'later';
  // "bounce gitlab post lunch": the Indian-English "after", said after the command's verb
  if (words.some((w, i) => i > verbAt && w.text === 'post' && !!words[i + 1] && !words[i + 1]!.stop && !apps.has(words[i + 1]!.text))) return 'later';
  // "restart mattermost once the call is over", "une fois la réunion finie", "after the demo": not now
  // (the Belgian "une fois" that ends a request, "fais une sauvegarde de wordpress, une fois", defers nothing)
  // ("restart wekan once.": a "once" that ends the request is one time, not "once something happens")
  // ("restore ghost from last friday!!! everything after that is garbage": a thing said after the moment, "everything
  // after that", in a clause of its own that says how it is, is what came after the day named, no moment to wait for; not
  // "backup everything after the deploy")
  // ("…, I'm changing the storage settings right after", "…, it broke after that": an "after" that points back; after-back.ts)
  const afterWhat = (i: number) => AFTER_WHAT.has(words[i - 1]?.text ?? '') && clause[i] !== clause[verbAt] && words.some((x, k) => k > i && clause[k] === clause[i] && COPULAS.has(x.text));
  // ("pause the nightly-registry schedule until the disk is sorted": how long the pause lasts; pause-until.ts)
  // (« …, c'est celle qui marche d'après leur ticket »: « d'après » is "according to", no moment)
  // ("kindly revert back the gitlab…, after update nothing is working", "…, the repository was corrupted after a force
  // push": an "after" in a clause apart from the request's that tells what is or was, is when the trouble began)
  // (nor one in a clause the speaker opens, after a request said for now: "backup gitlab now, I'm upgrading it after
  // lunch", « sauvegarde gitlab maintenant, je le mets à jour après le déj »: the speaker's own plan)
  const nowSaid = words.some((w, k) => clause[k] === clause[verbAt] && NOW.has(w.text));
  const speakerAfter = (i: number) => nowSaid && clause[i] !== clause[verbAt] && SPEAKER_SUBJECTS.has(words.find((_, k) => clause[k] === clause[i])?.text ?? '');
  const afterTold = (i: number) => (['after', 'apres'].includes(words[i]!.text) && clause[i] !== clause[verbAt] && words.some((x, k) => clause[k] === clause[i] && (COPULAS.has(x.text) || pastWord(x) || NOTHING_WORKS.has(x.text)))) || speakerAfter(i);
  if (words.some((w, i) => i > verbAt && !afterWhat(i) && !afterTold(i) && !afterPointsBack(words, i, clause, verbAt, narrates) && !pauseLasts(words, i) && !(w.text === 'apres' && words[i - 1]?.text === 'd') && ((DEFER.has(w.text) && (w.text !== 'once' || words.slice(i + 1).some((x) => !x.stop && !POLITE_ASK.has(x.text)))) || (w.text === 'fois' && words[i - 1]?.text === 'une' && words.slice(i + 1).some((x) => !x.stop))) && !['you', 'u', 'tu', 'vous', 'possible', 'ready'].includes(words[i + 1]?.text ?? ''))) return 'later';
  // "I'll restart ghost later", "we should restart gitlab at some point", "je relancerai ghost ce soir"
  // ("will you restart ghost?" is a polite request)
  // ("since I'm about to change the LDAP settings, take a backup of gitlab first": a plan in a clause of its own,
  // before a clause that opens on the command's verb, is the reason for the request)
  // ("je vais modifier la config ldap, fais d'abord une sauvegarde": or on a request's verb)
  const ownClause = (i: number) => clause[i] !== clause[verbAt] && words.every((w, k) => k >= verbAt || clause[k] !== clause[verbAt] || w.stop || REQUEST_WORDS.has(w.text) || FIRST.has(w.text));
  if (words.some((w, i) => i < verbAt && (intends(words, i) || w.text === 'should' || w.text === 'probably') && !['you', 'u'].includes(words[i + 1]?.text ?? '') && !ownClause(i)) && !words.some((w) => w.text === 'please' || w.text === 'pls')) return 'later';
  const [pw0, at0] = hit.pairs[0] ?? [];
  // ("redémarrez-le", "restaurons wekan": an imperative on the verb's own stem, not its future "redémarrerez")
  const imperative = pw0 !== undefined && at0 !== undefined && /(ez|ons)$/.test(words[at0]!.text) && words[at0]!.text.replace(/(ez|ons)$/, '') === pw0.replace(/e$/, '');
  if (pw0 !== undefined && at0 !== undefined && words[at0]!.text !== pw0 && !imperative && /(rai|ras|ra|rons|rez|ront)$/.test(words[at0]!.text) && !/(rai|ras|ra|rons|rez|ront)$/.test(pw0)) return 'later';
  // ("restore wekan from last night": a moment that may name a backup counts only for a command that takes none;
  // "later", "plus tard" never name one)
  // ("before EOD", "avant ce soir", "by tomorrow": a deadline, which now meets, in a message that says now)
  // ("sauvegarde everything avant le patch de ce soir": a moment that dates what the command goes before)
  const deadline = (i: number) => (words.slice(Math.max(0, i - 2), i).some((x) => ['before', 'avant', 'by'].includes(x.text)) && words.some((x) => NOW.has(x.text))) || words.slice(Math.max(0, i - 5), i).some((x, k, all) => ['before', 'avant'].includes(x.text) && all.slice(k + 1).some((y) => !y.stop && !LATER.has(y.text)))
    // ("back up your own state before the weekend", « avant le week-end »: a moment right after "before" is a deadline; "the
    // next update" is an event to come)
    || ((['before', 'avant'].includes(words[i - 1]?.text ?? '') || (['before', 'avant'].includes(words[i - 2]?.text ?? '') && words[i - 1]!.stop)) && !NEXT_EVENT.has(words[i]!.text));
  // (a moment to come in the story of a request that says "now" is the reason: "we're migrating this afternoon, so back
  // everything up now")
  const saysNow = words.some((w, i) => i > verbAt && NOW.has(w.text));
  // (a command that takes a date reads a moment to come as the backup's day, unless the backup is named otherwise:
  // "restore the latest backup of wekan tomorrow" is for tomorrow)
  const takesDate = hit.phrase.command.args.some((a) => meaningOf(a) === 'date');
  // ("latest", « la dernière », or "its last backup")
  const backupNamed = words.some((w) => LATEST.has(w.text) || w.text === 'last');
  // ("verify the latest mattermost backup, we might need it tonight", « …, on risque d'en avoir besoin ce soir »: a moment
  // to come in a clause after the request's, of its own subject, that says what it will be needed for, is the reason's)
  // (« faites une sauvegarde de tout, … »: the request's light verb opening it)
  const opensOnVerb = clause[verbAt] === 0 && words.slice(0, verbAt).every((w, k) => w.stop || POLITE_ASK.has(w.text) || REQUEST_WORDS.has(w.text) || (k === 0 && w.text === 'faites'));
  const forTheNeed = (i: number) => opensOnVerb && clause[i]! > clause[verbAt]! && SUBJECTS.has(words.find((_, k) => clause[k] === clause[i])?.text ?? '') && words.some((x, k) => clause[k] === clause[i] && NEED_LATER.has(x.text));
  // (« dans la semaine », "sometime this week", « un de ces jours »: some day to come, for a command that takes no date)
  if (!saysNow && !takesDate && /\b(?:dans la semaine|dans les (?:prochains|jours qui viennent)|un de ces jours|sometime this week|some time this week|in the coming days|one of these days)\b/.test(words.map((w) => w.text).join(' '))) return 'later';
  // ("add minion uptime from … so we see it coming next time": the purpose's moment; purpose-moment.ts)
  // ("outbox drop all — stale spam from the weekend": a weekend gone by, the reason's; weekend-gone.ts)
  // ("scale wekan 5 now, i'll bring it down myself tonight": the speaker's own part's moment; self-after.ts)
  // ("backup everything please, the host does maintenance at noon", « …, ce soir on change le serveur »: the moment of
  // another clause's event, with a subject of its own; other-event.ts)
  const otherEvent = (i: number) => momentOfOther(words, clause, verbAt, i, opensOnVerb, hit.phrase.command.name);
  // (« depuis la mise à jour d'hier soir »: yesterday's evening is gone)
  const eveningGone = (i: number) => words[i]!.text === 'soir' && ['hier', 'avant-hier', 'autre'].includes(words[i - 1]?.text ?? '');
  if (!saysNow && words.some((w, i) => LATER.has(w.text) && !eveningGone(i) && !deadline(i) && !forTheNeed(i) && !otherEvent(i) && !inPurpose(words, i, verbAt) && !weekendGone(words, i, clause, verbAt, pastWord) && !inSelfAfter(words, clause, verbAt, i)) && (!takesDate || backupNamed || words.some((w) => ['later', 'tard', 'eventually'].includes(w.text)))) return 'later';
  // ("backup all at midnight", « à minuit »: a clock time said in words, for a command that takes no date;
  // the digits' are moment-ahead.ts's, below)
  if (!saysNow && !takesDate && words.some((w, i) => i > verbAt && ['at', 'a', 'vers', 'around'].includes(w.text) && CLOCK_WORDS.has(words[i + 1]?.text ?? '') && !otherEvent(i))) return 'later';
  // (« ce midi », "this noon": later today, the clock being the morning's, as "cet après-midi" is; not told in the past)
  if (!saysNow && !takesDate && words.some((w, i) => ['ce', 'this'].includes(w.text) && ['midi', 'noon'].includes(words[i + 1]?.text ?? '') && !words.slice(i + 2, i + 6).some(pastWord) && !otherEvent(i))) return 'later';
  // ("backup wordpress on friday, before the gala", « sauvegarde wordpress vendredi » : a bare weekday in the request's
  // clause, for a command that takes no date, is the coming one; dates.ts)
  const texts = words.map((x) => x.text);
  if (!saysNow && !takesDate && words.some((_, i) => clause[i] === clause[verbAt] && bareWeekday(texts, i))) return 'later';
  // ("backup gitlab at 3am", « mets à jour gitlab dans deux semaines »: a clock time or a span ahead; moment-ahead.ts)
  // (in the request's own clause: "the demo is in 10 min, restart static please" is the story's moment)
  // (or in a clause that is only that moment: "in two weeks, update gitlab")
  const clauseText = (k: number) => words.filter((_, i) => clause[i] === k).map((w) => w.text).join(' ');
  if (!saysNow && hit.phrase.command.sideEffects && [...new Set(clause)].some((k) => (k === clause[verbAt] || /^(?:(?:ok|so|and|et|alors|bon)\s+)?(?:in|dans|d ici|at|a|vers|around)\s/.test(clauseText(k))) && momentAhead(clauseText(k)))) return 'later';
  // ("we have a call at 11, after that please restart static", « j'ai un call à 14h, après ça il faudra redémarrer
  // ghost »: a request that opens with "after that" comes after the moment said in the clause before it; "the site went
  // down at 9, after that…" tells a moment past)
  if (!saysNow && hit.phrase.command.sideEffects && AFTER_THAT.test(clauseText(clause[verbAt]!)) && [...new Set(clause)].some((k) => k < clause[verbAt]! && (momentAhead(clauseText(k)) || HOUR_AT.test(clauseText(k))) && !words.some((w, i) => clause[i] === k && narrates(w)))) return 'later';
  // "we need a restore of wordpress, but first I ask the customer", "mais d'abord je demande au client": the speaker
  // has something to do before it, in a clause of their own after the command
  if (words.some((w, i) => i > verbAt && clause[i] !== clause[verbAt] && FIRST.has(w.text) && w.text !== 'before' && w.text !== 'avant' && words.some((x, k) => clause[k] === clause[i] && SUBJECTS.has(x.text)))) return 'later';
  // "j'ai fait un docker compose restart de wekan ce matin", "I did a backup of ghost": the speaker did it, told
  // ("yesterday itself I have taken backup of ghost manually")
  // ("someone already did the rollback of ghost?", « quelqu'un a déjà fait la sauvegarde de ghost ? »: or someone else did)
  const doer = (i: number) => SUBJECTS.has(words[i]?.text ?? '') || SOMEONE.has(words[i]?.text ?? '');
  const beforeDone = (i: number) => (['already', 'deja', 'just', 'juste'].includes(words[i - 1]?.text ?? '') ? i - 1 : i);
  // (a person named first, « martine a déjà fait une sauvegarde du nextcloud hier soir », "Karim already took a backup of ghost")
  // ("this week I restored wekan from monday, and did a manual backup of nextcloud": the speaker of the verb before
  // "and", told in the past)
  const coordinated = (k: number) => words[k]?.text === 'and' && words.slice(0, k).some((x, j) => SUBJECTS.has(x.text) && !!words[j + 1] && pastWord(words[j + 1]!));
  const named = (k: number) => k >= 0 && words.findIndex((_, j) => clause[j] === clause[k]) === k && /^\p{L}{3,}$/u.test(words[k]!.text) && !words[k]!.stop && !apps.has(words[k]!.text);
  if (words.some((w, i) => i < verbAt && clause[i] === clause[verbAt] && ['fait', 'faite', 'faites', 'did', 'made', 'ran', 'taken', 'took', 'done', 'triggered', 'started', 'launched'].includes(w.text) && (doer(beforeDone(i) - 1) || coordinated(beforeDone(i) - 1) || (SIMPLE_PAST.has(w.text) && named(beforeDone(i) - 1)) || (AVOIR_PRESENT.has(words[beforeDone(i) - 1]?.text ?? '') && (doer(beforeDone(i) - 2) || named(beforeDone(i) - 2)))))) return 'past';
  // ("guys Summoner put nextcloud back to monday's backup, so…", "fyi the bot put ghost back": the bot told of to
  // others, a past whose form is the verb's own; "hey summoner put ghost back" asks it)
  if (words.some((w, i) => BOT_SUBJECTS.has(w.text) && TOLD_TO.has(words[i - 1]?.text ?? '') && SAME_PAST.has(words[i + 1]?.text ?? ''))) return 'past';
  // ("yesterday's wordpress restore took ages": the command's word as a noun, the subject of a verb only ever past)
  // ("yesterday's restore of wordpress went fine": its app after it, "of wordpress", is the noun's too)
  const afterNoun = ['of', 'for', 'de', 'du'].includes(words[verbAt + 1]?.text ?? '') && apps.has(words[verbAt + 2]?.text ?? '') ? verbAt + 3 : verbAt + 1;
  if (verbAt > 0 && (SIMPLE_PAST.has(words[afterNoun]?.text ?? '') || ['went', 'broke', 'failed', 'died', 'crashed', 'errored', 'aborted', 'hung', 'froze', 'stalled'].includes(words[afterNoun]?.text ?? ''))) return 'past';
  // ("now that the wekan restore is done, …", « maintenant que la restauration de nextcloud d'hier est terminée, … »: the
  // command's noun in a clause that says it is over, the premise of what follows)
  if (verbAt > 0 && words.some((w, i) => i < verbAt && clause[i] === clause[verbAt] && ((w.text === 'now' && words[i + 1]?.text === 'that') || (w.text === 'maintenant' && ['que', 'qu'].includes(words[i + 1]?.text ?? ''))))) return 'past';
  // ("handover: ghost backed up at 02:10, wekan restart still pending": a task's state, told)
  // ("approval still pending for the ghost update", « validation toujours en attente pour la mise à jour de ghost »: a
  // state said before the command's noun in its clause, with nothing that asks)
  if (verbAt > 0 && words.slice(verbAt + 1, verbAt + 4).some((w) => w.text === 'pending')) return 'past';
  if (hit.phrase.command.destructive && words.some((w, i) => i < verbAt && clause[i] === clause[verbAt] && (w.text === 'pending' || (w.text === 'attente' && words[i - 1]?.text === 'en'))) && !words.some((w) => REQUEST_WORDS.has(w.text) || POLITE_ASK.has(w.text))) return 'past';
  // "fais un dump de wekan quand les utilisateurs seront partis", "when the users are gone": once something to come
  if (words.some((w, i) => i > verbAt && (['quand', 'when', 'lorsqu'].includes(w.text) || soonAs(words, i)) && !['you', 'u', 'tu', 'vous', "you're", 'possible', 'ready', 't'].includes(words[i + 1]?.text ?? '') && words.some((x, k) => k > i && clause[k] === clause[i] && (/(ra|ront)$/.test(x.text) || ['are', 'is', 'has', 'have'].includes(x.text))))) return 'later';
  // ("we need to restart mattermost when the people go home", « … quand les gens partent »: English and French say
  // the moment to come in the present after "when"; in the command's clause, or opening one of its own, a "when"
  // clause with nothing past in it is that moment, for a command that acts. "like when it crashed" is past.)
  // ("restart ghost and tell me when it's back", « préviens-moi quand… »: when to tell, not when to act)
  if (hit.phrase.command.sideEffects && words.some((w, i) => i > verbAt && (['quand', 'when', 'lorsqu', 'lorsque'].includes(w.text) || soonAs(words, i)) && (clause[i] === clause[verbAt] || clause[i - 1] !== clause[i]) && !TELL_WHEN.test(words[i - 1]?.text ?? '') && !['you', 'u', 'tu', 'vous', "you're", 'possible', 'ready', 't', 'needed', 'necessary', 'besoin'].includes(words[i + 1]?.text ?? '') && words.some((x, k) => k > i && clause[k] === clause[i] && !x.stop) && !words.some((x, k) => k > i && clause[k] === clause[i] && narrates(x)))) return 'later';
  // "did anyone restart wekan?", "has someone updated ghost?": a question about what was done
  if (['did', 'has', 'have', 'had'].includes(words[0]?.text ?? '') && ['anyone', 'anybody', 'someone', 'somebody', 'you', 'we'].includes(words[1]?.text ?? '')) return 'past';
  if (namedPersonDid(words, hit.first, apps) && /\?\s*$/.test(text)) return 'past';
  // the command's own word is no request word for itself ("qu'est-ce qui a été lancé ?": lancé tells)
  // a modal asks only when it asks someone ("would you", "can u"): "removing wekan would break the board" tells
  const MODALS = ['can', 'could', 'would'];
  const requested = words.some((w, i) => REQUEST_WORDS.has(w.text) && !hit.pairs.some(([, at]) => at === i) && (!MODALS.includes(w.text) || ['you', 'u', 'we', 'i'].includes(words[i + 1]?.text ?? '')));
  const pastForm = (w: SentenceWord, pw?: string) =>
    (w.text.endsWith('ed') && w.text.length > 4 && (!pw || (w.text !== pw && !pw.endsWith('ed')))) || !!w.participle; // restarted, restored, redémarré
  const [verb, at] = hit.pairs[0] ?? [];
  // "restoring gitlab would take hours", "updating mattermost broke things": the command as a gerund opening the
  // sentence, with a verb that tells, is its subject ("take", "make" there are no request)
  // ("marketing is waiting for their site, deploy wordpress": a word in -ing opening another clause is no gerund of it)
  const opening = words.find((x, i) => !x.stop && clause[i] === clause[verbAt])?.text ?? '';
  if (verb !== undefined && /^\p{L}{3,}ing$/u.test(opening) && !NOT_GERUNDS.has(opening) && opening !== verb && words.some((x, i) => !hit.used.includes(i) && (narrates(x) || COPULAS.has(x.text) || STATIVE.has(x.text)))) return 'noun';
  // ("nobody remembers setting them up", "I hate restarting gitlab": the gerund is what a verb of memory or liking is
  // about, no request)
  if (verb !== undefined && at !== undefined && /^\p{L}{3,}ing$/u.test(words[at]!.text) && !/ing$/.test(verb) && GERUND_TAKERS.has(words[at - 1]?.text ?? '')) return 'noun';
  // "ack, restoring wp now", "restoring wp from yday": the command's own verb as a gerund, asked of no one, is what
  // the speaker is doing
  if (verb !== undefined && at !== undefined && /^\p{L}{3,}ing$/u.test(words[at]!.text) && !/ing$/.test(verb) && !NOT_GERUNDS.has(words[at]!.text) && !words.some((x) => POLITE_ASK.has(x.text) || REQUEST_WORDS.has(x.text))) return 'self';
  if (verb !== undefined && at !== undefined && !requested) {
    const w = words[at]!;
    const aux = AUXILIARIES.has(words[at - 1]?.text ?? '') || (AUXILIARIES.has(words[at - 2]?.text ?? '') && ['bien', 'deja', 'juste'].includes(words[at - 1]?.text ?? ''));
    // ("taken" read as the phrase's "take": an irregular past form of its verb)
    if (pastForm(w, verb) || aux || (IRREGULAR_PAST.has(w.text) && w.text !== verb && !IRREGULAR_PAST.has(verb))) return 'past';
    // "updating mattermost broke things last time", "restoring gitlab would take hours": the command said as a
    // gerund or a noun, in a sentence that tells (a past or conditional verb), not one that asks
    const named = (w.text.endsWith('ing') && !verb.endsWith('ing')) || ACTION_NOUNS.has(w.text);
    if (named && words.some((x, i) => !hit.used.includes(i) && narrates(x))) return 'noun';
    // ("great, another restart of mattermost, third one this week 🙄": one more of them, counted, with a remark beside it)
    if (['another', 'autre'].includes(words[at - 1]?.text ?? '') && (OF.has(words[at + 1]?.text ?? '') || words[at + 1]?.text === 'de') && Math.max(...clause) > 0) return 'noun';
    // ("oh great, another wp upd that kills the theme": one more of them, the app before it, told of by "that")
    if (['another', 'autre'].includes(words[at - 2]?.text ?? '') && apps.has(words[at - 1]?.text ?? '') && ['that', 'which', 'qui'].includes(words[at + 1]?.text ?? '')) return 'noun';
    // "salut ! gitlab tient le coup après le déploiement ?": a noun made from the verb, with no request around it
    if (w.text !== verb && /(ment|tion|age)$/.test(w.text) && !/(ment|tion|age)$/.test(verb)) return 'noun';
    // "backup of gitlab failed again", "restore of wekan took ages": the command word opens the sentence as a noun
    // (an "of" after it), with a verb that tells
    if (at === words.findIndex((x) => !x.stop) && OF.has(words[at + 1]?.text ?? '') && words.some((x, i) => i > at && !hit.used.includes(i) && narrates(x))) return 'noun';
    // "supprimer wekan casserait le tableau du sprint": an infinitive as the subject of a verb that tells
    const firstWord = opensClause;
    // ("redémarre vite fait wordpress": an imperative whose infinitive is a phrase of its own, "redemarrer", is none;
    // "mettre à jour gitlab cette semaine c'est risqué" opens on one)
    const imperative = /e$/.test(w.text) && (hit.phrase.command.phrases?.fr ?? []).some((p) => normalise(p) === `${w.text}r`);
    // (« s'il vous plaît redémarrer la gitlab, elle est très lente »: a copula in a clause of its own whose subject is
    // the thing, « il », « elle », tells its state, the reason; the infinitive is a learner's request)
    // (never for a destructive reading: « supprimer ghost, il est cassé » stays asked)
    const stateTold = (i: number) => !hit.phrase.command.destructive && clause[i] !== clause[at] && ['il', 'elle', 'ils', 'elles'].includes(words.find((_, k) => clause[k] === clause[i])?.text ?? '');
    if (at === firstWord && hit.phrase.lang === 'fr' && /.{3}(er|ir|re)$/.test(w.text) && !imperative && words.some((x, i) => !hit.used.includes(i) && ((narrates(x) && !x.participle) || (i > at && (COPULAS.has(x.text) || STATIVE.has(x.text)) && !stateTold(i))))) return 'noun';
    // "the restore of ghost yesterday worked great", "the last restore of wordpress was a mess", "the wordpress
    // update is scheduled for friday", "la mise à jour de wordpress est prévue vendredi": the command named as a
    // thing (an article before it), in a sentence that tells or states
    let k = at - 1;
    while (k >= 0 && (apps.has(words[k]!.text) || NOUN_ADJECTIVES.has(words[k]!.text))) k--;
    // (or the app alone before it, opening the message: "nc bkp failed again", "gl upd scheduled for fri")
    // (« une sauvegarde de ghost a marché depuis ? », "a backup of ghost has run since?": a thing said with "a", then
    // what it has done)
    const oneTold = ['un', 'une', 'a', 'an'].includes(words[k]?.text ?? '') && words.some((x, i) => i > at + 1 && clause[i] === clause[at] && pastWord(x) && AVOIR_PRESENT.has(words[i - 1]!.text));
    const article = k < at - 1 || at === firstWord ? ARTICLES.has(words[k]?.text ?? '') || oneTold || ['this', 'that', 'cette', 'ce'].includes(words[k]?.text ?? '') || (k < 0 && at > 0 && apps.has(words[at - 1]!.text) && !words.some((x) => NEEDED.has(x.text))) : false;
    // (a copula inside the phrase is its own: "la sauvegarde de wordpress est valide ?" asks to verify it)
    const phraseEnd = Math.max(...hit.pairs.map(([, i]) => i));
    // ("nextcloud restore to yesterday morning, the share links broke after that": the app alone before the command, a
    // story in a clause of its own; app-then-story.ts)
    const apart = (i: number) => k < 0 && storyApart(words, clause, at, i, at > 0 && clause[at - 1] !== clause[at], narrates);
    const states = words.some((x, i) => i > at && !hit.used.includes(i) && !apart(i) && (narrates(x) || (COPULAS.has(x.text) && i > phraseEnd)));
    // ("la file d'envoi des notifications, elle en est où ?": a where/what question about what a command lists asks to see it)
    const lists = !hit.phrase.fixed && hit.phrase.command.args.some((a) => a.values && !a.required);
    // (or the question the message opens on: "what's in the outbox? the ticket says the webhooks never arrived")
    const asked = /\?\s*$/.test(text) || (text.includes('?') && at < sentenceWords(text.slice(0, text.indexOf('?'))).length);
    const whQuestion = asked && words.some((x) => ['ou', 'where', 'what', 'quoi', 'combien'].includes(x.text));
    if (article && states && !(lists && whQuestion)) return 'noun';
    // ("the confirmation step saved me yesterday with the wekan restore": the command named after a preposition, in a
    // message that tells a story before it)
    if (article && AFTER_PREPOSITION.has(words[k - 1]?.text ?? '') && words.some((x, i) => i < k - 1 && clause[i] === clause[at] && narrates(x))) return 'noun';
    // "who decided to remove ghost?", "pourquoi supprimer wekan ?": a question about the command, not for it
    if (['who', 'why', 'qui', 'pourquoi'].includes(words[lead]?.text ?? '') && !words.some((x) => x.text === 'you' || x.text === 'tu')) return 'noun';
  }
  if (sarcastic(text)) return 'sarcasm';
  return undefined;
}
/** Words between the speaker and the work in hand ("I'm still on the", « je suis encore sur la »). */
const ON_IT = new Set(['suis', 'bosse', 'travaille', 'am', 'm', 'still', 'encore', 'toujours', 'deja', 'already', 'working', 'busy', 'on', 'sur', 'with', 'la', 'le', 'les', 'l', 'the', 'this', 'cette', 'ce']);
/** Whether the speaker says the command's work is theirs now ("I'm on the gitlab update", « je suis sur la maj »). */
function onItNow(words: readonly SentenceWord[], verbAt: number, clause: readonly number[]): boolean {
  let i = verbAt - 1;
  while (i >= 0 && ON_IT.has(words[i]!.text)) i--;
  if (i < 0 || clause[i] !== clause[verbAt]) return false;
  const between = words.slice(i + 1, verbAt).map((w) => w.text);
  const on = between.some((w) => ['sur', 'on', 'with'].includes(w));
  // ("I'm on the update": the contraction holds the verb; "je suis sur la", "I am working on the": said apart)
  if (["i'm", 'im'].includes(words[i]!.text)) return on;
  return ['je', 'j', 'i'].includes(words[i]!.text) && on && between.some((w) => ['suis', 'bosse', 'travaille', 'am', 'm', 'working', 'busy'].includes(w));
}
/** "as soon as", « dès que », « sitôt que », « aussitôt qu' » (at their last word): a "when" that says how soon. */
function soonAs(words: readonly SentenceWord[], i: number): boolean {
  const w = words[i]!.text;
  return ((w === 'que' || w === 'qu') && SOON.has(words[i - 1]?.text ?? '')) || (w === 'as' && words[i - 1]?.text === 'soon' && words[i - 2]?.text === 'as');
}
const SOON = new Set(['des', 'sitot', 'aussitot']);
/** "marc say we must restore wekan": "say" after someone, with what they say after it (English written as it is spoken). */
function saidBySomeone(words: readonly SentenceWord[], i: number): boolean {
  return words[i]!.text === 'say' && i > 0 && !words[i - 1]!.stop && ['we', 'that', 'it', 'you', 'i', 'they', 'the', 'to'].includes(words[i + 1]?.text ?? '');
}
/** The word before a "when" that says when to tell ("tell me when", "let us know when", « préviens-moi quand »). */
const TELL_WHEN = /^(?:me|us|know|tell|notify|ping|say|moi|nous|dis|previens|previens-moi|dis-moi|ping-moi|-moi|\p{L}+-(?:moi|nous))$/u;
/** Someone other than the speaker, as the subject of what was done ("someone did…", « quelqu'un a fait… »). */
const SOMEONE = new Set(['someone', 'somebody', 'anyone', 'anybody', "quelqu'un", 'quelquun', 'personne']);
/** Words that end news of a thing done ("bkp nc done", "restauration de ghost terminée"). */
// (not "ok" nor "complete": "is the wekan backup ok?" asks to verify it, "une sauvegarde complète" is of everything)
const DONE = new Set(['done', 'finished', 'completed', 'fait', 'faite', 'fini', 'finie', 'termine', 'terminee', 'reussi', 'reussie']);
/** Participles that ask for the thing rather than tell of it ("mattermost restart needed"). */
const NEEDED = new Set(['needed', 'required', 'requested', 'wanted', 'urgent', 'necessaire', 'requis', 'demande', 'urgente']);
/** The bot named as a subject, and the words before it that tell others of it ("guys Summoner put…", "the bot set…"). */
const BOT_SUBJECTS = new Set(['summoner', 'bot']);
const TOLD_TO = new Set(['guys', 'team', 'folks', 'everyone', 'all', "y'all", 'people', 'fyi', 'the', 'so', 'and']);
/** Past tenses that are the verb's own form ("put", "set"): past after a subject that is no "you". */
const SAME_PAST = new Set(['put', 'set', 'cut', 'let', 'shut', 'reset']);
/** Verbs only ever past (no imperative shares their form): a name before one is who did it. */
const SIMPLE_PAST = new Set(['did', 'ran', 'took', 'made', 'triggered', 'launched', 'started']);
/** The future of « pouvoir »: what will be possible later. */
const FUTURE_CAN = new Set(['pourra', 'pourras', 'pourrez', 'pourrons', 'pourront']);
/** Present-tense verbs of a statement about a gerund ("backing up everything takes 2 hours"). */
const STATIVE = new Set(['takes', 'costs', 'lasts', 'breaks', 'fails', 'works', 'helps', 'means', 'seems', 'sounds', 'will', 'might', 'may', 'could', 'would', 'can', 'should', 'prend', 'coute', 'dure', 'risque', 'suffit']);
/** Verbs whose object is a gerund that is no request ("remembers setting up", "hate restarting", "forgot backing up"). */
const GERUND_TAKERS = new Set(['remember', 'remembers', 'remembered', 'recall', 'recalls', 'recalled', 'forgot', 'forget', 'forgets', 'hate', 'hates', 'love', 'loves', 'enjoy', 'enjoys', 'avoid', 'avoids', 'regret', 'regrets']);
/** Words in -ing that are no gerund of a verb asked for. */
const NOT_GERUNDS = new Set(['pending', 'missing', 'remaining', 'outstanding', 'existing', 'upcoming', 'ongoing', 'waiting', 'morning', 'evening', 'during', 'nothing', 'something', 'anything', 'everything', 'string', 'thing', 'things', 'spring', 'bring', 'ping', 'pinging']);
/** Words that open a clause a verb is about ("check that…", "vérifie que…", "see whether…", "vérifie si…"). */
// ("ping me if the gitlab logs show anything": what to watch for, not a request for the logs)
export const COMPLEMENTIZERS = new Set(['that', 'whether', 'if', 'que', 'qu', 'si']);
/** Words that put a request before something else ("take a backup first", "fais d'abord une sauvegarde"). */
const FIRST = new Set(['first', 'abord', 'before', 'avant']);
/** Words that draw a conclusion ("…, so restore wordpress", "…, donc restaure-le"). */
const CONSEQUENCES = new Set(['so', 'therefore', 'hence', 'thus', 'donc', 'alors']);
/** Modals that ask the bot, in a clause after a relayed request ("can you do that?", "tu peux ?"). */
/** « s'occuper de », « se charger de », now and to come: taking it on. */
const TAKES_IT_ON = new Set(['occupe', 'charge', 'occupons', 'chargeons', 'occupera', 'occuperai', 'occuperons', 'occuperont', 'chargera', 'chargerai', 'chargerons']);
/** Words of a French sentence that says what went on (an imperfect beside them is no other tense). */
const FR_IMPERFECT_CUES = new Set(['qui', 'je', 'j', 'il', 'elle', 'on', 'tu', 'moi', 'etait', 'quand', 'pendant']);
/**
 * French auxiliaries of the past that are no other word (« j'ai », « nous avons », « ils ont »). « a » is also « à » once
 * accents go, and « as » is English's "as": each rule says whether it takes them.
 */
export const FR_PAST_AUXILIARIES = new Set(['ai', 'avons', 'avez', 'ont']);
/** While something happens. */
const DURING = new Set(['during', 'while', 'whilst', 'pendant']);
/** Commands done in a moment (not a pause, a scale or a schedule, which last). */
const ONE_MOMENT = new Set(['restart', 'update', 'rollback', 'restore', 'dismiss', 'summon', 'prune']);
/** « laisse / laissez / laissons <quelqu'un> <faire> ». */
const LET = new Set(['laisse', 'laissez', 'laissons']);
const RELAY_WORDS = new Set(['do', 'that', 'it', 'this', 'handle', 'ca', 'cela', 'le', 'la', 'faire', 'fais', 'occuper', 'please', 'pls', 'stp', 'svp', 'pour']);
/** Verbs that report what someone else said or asked. */
// ("the auditors want a restore test": "want" of someone else than the speaker; "I want", "we want" are requests)
// ("Monsieur Durand estime qu'il faudrait restaurer WordPress", "my manager is telling we should…": a view held)
// ("in the runbook it is written: restore nextcloud latest", "la procédure indique : …": what a document says)
/** The reporting words that say what someone wants, not what they said. */
const WANTS = new Set(['wants', 'wanted', 'want', 'veut', 'voulait', 'veulent']);
export const REPORTING = new Set(['forwarding', 'forwarded', 'fwd', 'transfere', 'written', 'stated', 'states', 'reads', 'indique', 'indiquait', 'precise', 'stipule', 'said', 'says', 'told', 'tells', 'telling', 'asked', 'asks', 'wrote', 'writes', 'suggested', 'suggests', 'mentioned', 'thinks', 'reckons', 'believes', 'feels', 'wants', 'wanted', 'want', 'insists', 'dit', 'disait', 'ecrit', 'pense', 'pensent', 'suggere', 'propose', 'veut', 'voulait', 'insiste', 'estime', 'estiment', 'trouve', 'trouvent', 'considere', 'juge', 'croit', 'croient', 'affirme', 'recommande']);
/** A subject right before the command's verb: the speaker (or the team) does it, the bot is not asked. */
export const SUBJECTS = new Set(['i', 'we', 'je', 'j', 'on', "i'm", 'im', "we're"]);
/** Words that ask someone for something ("can you … ?", "tu peux … ?", "… please?"). */
export const POLITE_ASK = new Set(['please', 'pls', 'plz', 'can', 'could', 'would', 'will', 'stp', 'svp', 'peux', 'pourrais', 'pourriez', 'pouvez', 'peux-tu', 'pourrais-tu', 'veuillez', 'auriez', 'prie', 'gre']);
/** Things said before "after" that make it what came after a moment ("everything after that", « tout ce qui est après »). */
const AFTER_WHAT = new Set(['everything', 'anything', 'nothing', 'all', 'stuff', 'data', 'tout', 'rien']);
/** Words that put a command after something else ("once the call is over", "après la démo"). */
const DEFER = new Set(['once', 'after', 'afterwards', 'apres', 'lorsque', 'until', 'jusqu']);
/** Between a subject and its verb: modals and adverbs ("we can always restore it", "on peut redémarrer…"). */
const SUBJECT_FILLERS = new Set(['can', 'could', 'will', 'would', 'should', 'might', 'may', 'always', 'just', 'also', 'then', 'have', 'to', 'probably', 'peut', 'pourra', 'pourrait', 'peux', 'pourrais', 'doit', 'devrait', 'toujours', 'aussi', 'va', 'vais', 'allons', 'le', 'la', 'les', 'l']);
/** Words between an article and the command said as a noun ("the last restore", "la dernière restauration"). */
const NOUN_ADJECTIVES = new Set(['last', 'latest', 'previous', 'first', 'next', 'new', 'big', 'nightly', 'derniere', 'dernier', 'premiere', 'prochaine', 'nouvelle', 'grosse', 'petite']);
/** Verbs that state what something is ("the update is scheduled", "la mise à jour est prévue"). */
export const COPULAS = new Set(['is', 'was', 'are', 'were', 'est', 'etait', 'sont', 'sera', 'seront']);
/** Commands said as nouns ("la restauration", "the update" is read by its article). */
const ACTION_NOUNS = new Set(['restauration', 'suppression', 'installation', 'desinstallation', 'verification', 'mise', 'maj']);
/** Past forms that do not end in -ed, and the conditional: a sentence that tells rather than asks. */
const IRREGULAR_PAST = new Set(['broken', 'gone', 'done', 'taken', 'given', 'shown', 'frozen', 'stuck', 'hung', 'etait', 'etaient', 'fut', 'avait', 'broke', 'took', 'went', 'was', 'were', 'had', 'made', 'ran', 'got', 'came', 'fell', 'lost', 'gave', 'began', 'kept', 'left', 'brought', 'would', 'pris', 'fait', 'mis', 'eu', 'perdu', 'vu', 'fini', 'dure', 'reussi', 'reussie', 'abouti']);
export function pastWord(w: SentenceWord): boolean {
  return (w.text.endsWith('ed') && w.text.length > 4) || !!w.participle || IRREGULAR_PAST.has(w.text);
}
function narrates(w: SentenceWord): boolean {
  return pastWord(w) || /(rait|raient)$/.test(w.text);
}
const RECUR_UNITS = new Set(['weekday', 'weekdays', 'workday', 'workdays', 'night', 'nights', 'day', 'days', 'week', 'weeks', 'morning', 'mornings', 'evening', 'hour', 'hours', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'weekend', 'nuit', 'nuits', 'jour', 'jours', 'semaine', 'semaines', 'matin', 'matins', 'soir', 'soirs', 'heure', 'heures', 'lundi', 'lundis', 'mardi', 'mardis', 'mercredi', 'mercredis', 'jeudi', 'jeudis', 'vendredi', 'vendredis', 'samedi', 'samedis', 'dimanche', 'dimanches', 'week-end']);
/** "every night", "each monday", "toutes les nuits", "chaque jour", "nightly": again and again, a schedule. */
/** How often a thing runs, said as its adjective ("a daily backup", « la sauvegarde quotidienne »). */
export const RECURRING_ADJECTIVES: ReadonlySet<string> = new Set(['daily', 'nightly', 'weekly', 'hourly', 'quotidienne', 'quotidien', 'hebdomadaire']);
export function recurring(words: SentenceWord[]): boolean {
  return words.some((w, i) => {
    const next = words[i + 1]?.text ?? '';
    // (with a number of them too: "every 4 hours", « toutes les 4 heures », « tous les deux jours »)
    const counted = (k: number) => RECUR_UNITS.has(words[k]?.text ?? '') || (/^(?:\d{1,3}|two|three|four|six|twelve|deux|trois|quatre|six|douze)$/.test(words[k]?.text ?? '') && RECUR_UNITS.has(words[k + 1]?.text ?? ''));
    if (['every', 'each', 'chaque'].includes(w.text)) return counted(i + 1);
    if (['tous', 'toutes'].includes(w.text) && next === 'les') return counted(i + 2);
    // ("twice a day", "3 times a week", « deux fois par jour »: so many times in each unit)
    if (['twice', 'thrice'].includes(w.text) || (['times', 'fois'].includes(w.text) && i > 0)) {
      const per = words[i + 1]?.text === 'a' || words[i + 1]?.text === 'per' || words[i + 1]?.text === 'par' || words[i + 1]?.text === 'each' ? i + 2 : -1;
      if (per > 0 && RECUR_UNITS.has(words[per]?.text ?? '')) return true;
    }
    // ("restore mattermost from the nightly one from monday", "monday's nightly": one night's run, named by its day)
    return RECURRING_ADJECTIVES.has(w.text) && !(words.some((x) => PAST_DAYS.has(x.text)) && (ONE_RUN.has(next) || next === '' || ['the', 'that', 'this', 'its', 'la', 'le', 'celle', 'celui', ...PAST_DAYS].includes(words[i - 1]?.text ?? '')));
  });
}
/** Days gone by, whose run of a recurring job names one backup. */
const PAST_DAYS = new Set(['yesterday', 'hier', 'avant-hier', 'ago', ...Object.keys(WEEKDAYS)]);
/** Nouns of one run ("the nightly one", "nightly backup"). */
const ONE_RUN = new Set(['one', 'backup', 'dump', 'snapshot', 'run', 'copy', 'sauvegarde']);
/** "can we remove the registry?", "on peut enlever le registry ?": asking whether, not asking for. */
export function asksWhether(words: SentenceWord[]): boolean {
  const [a, b, c] = [words[0]?.text, words[1]?.text, words[2]?.text];
  // ("may I kindly request a backup of nextcloud?", "may I ask you to restart gitlab?": a request, put formally)
  if (a === 'may' && b === 'i' && ['request', 'ask'].includes((c === 'kindly' ? words[3]?.text : c) ?? '')) return false;
  if (['can', 'could', 'may', 'might'].includes(a ?? '') && ['we', 'i'].includes(b ?? '')) return true;
  if (a === 'peut-on' || a === 'pourrait-on' || a === 'puis-je') return true;
  // "maybe restore wekan from friday?", "peut-être restaurer wekan ?": a suggestion, not a decision
  if (a === 'maybe' || a === 'perhaps' || a === 'peut-etre') return true;
  if ((a === 'on' || a === 'je') && ['peut', 'pourrait', 'peux', 'pourrais', 'pourra', 'doit', 'dois'].includes(b ?? '')) return true;
  return a === 'est-ce' && (b === 'qu' || b === 'que') && (c === 'on' || c === 'je');
}
/** Words of an intention for later ("I'll restart it", "je vais le mettre à jour", "about to upgrade"). */
// ("j'allais redémarrer wekan mais c'est revenu": an intention of the past, dropped)
// ("je pensais redémarrer mattermost, mais finalement non", "I was planning to restart it": a plan, not a request)
export const INTENT = new Set(["i'll", "we'll", 'ill', 'will', 'gonna', 'going', 'about', 'vais', 'allons', 'later', 'eventually', 'tard', 'allais', 'allait', 'allions', 'alliez', 'allaient', 'planning', 'planned', 'thinking', 'devait', 'devais', 'devions', 'deviez', 'devaient', 'supposed', 'pensais', 'pensait', 'pensions', 'comptais', 'comptait', 'comptions', 'prevoyais', 'prevoyait', 'envisageais', 'envisageait', 'envisage', 'envisageons', 'envisagez', 'envisagent', 'prevoyons', 'comptons', 'considering', 'contemplating', 'intend', 'intends', 'intending']);
/** An intention at `i` ("planning" in "the sprint planning" is a noun: only "planning to/on", "thinking of…"). */
export function intends(words: SentenceWord[], i: number): boolean {
  const w = words[i]!.text;
  // ("on va updater wordpress à soir": "va" after a subject; "ça va" asks how things are)
  if (w === 'va') return ['on', 'il', 'elle', 'ils', 'elles', 'qui'].includes(words[i - 1]?.text ?? '');
  if (!INTENT.has(w)) return false;
  return !['planning', 'thinking', 'going'].includes(w) || ['to', 'on', 'of', 'about'].includes(words[i + 1]?.text ?? '');
}
/** Verbs of talking about something ("on en reparle après la démo, de la mise à jour", "let's discuss the restore"). */
const TALK = new Set(['talk', 'discuss', 'discussed', 'talked', 'mentioned', 'debated', 'brainstormed', 'parle', 'parler', 'parlera', 'parlerons', 'reparle', 'reparler', 'reparlera', 'reparlerons', 'discute', 'discuter', 'rediscute', 'rediscuter', 'discutera', 'evoque', 'discutait', 'parlait', 'evoquait']);
/** Someone other than the speaker and the bot, as the subject of the command's verb. */
const OTHERS = new Set(['someone', 'somebody', 'he', 'she', 'they', 'people', 'il', 'elle', 'ils', 'elles']);
/** Between such a subject and its verb: a habit ("keeps restarting", "still restarts"). */
const HABITS = new Set(['keeps', 'kept', 'keep', 'still', 'constantly', 'encore', 'arrete', 'passe', 'continue']);
/** A noun's complement after the command word ("backup of gitlab", "sauvegarde de gitlab"). */
// (only "of": French "de" follows an imperative as often, "retirez du catalogue le minion kuma")
const OF = new Set(['of']);
/** A moment still to come, for a command that runs now: it is not run now. */
// ("eod: bkp all": by the end of the day, or of the week)
// ("around lunchtime", "cet après-midi": later today, the clock being the morning's)
/** Verbs of needing or using a thing, in a reason clause ("we might need it tonight", « on risque d'en avoir besoin »). */
const NEED_LATER = new Set(['need', 'needs', 'needed', 'use', 'want', 'besoin', 'servir']);
const LATER = new Set(['tonight', 'tomorrow', 'later', 'demain', 'soir', 'weekend', 'week-end', 'next', 'prochain', 'prochaine', 'tard', 'eventually', 'someday', 'eod', 'eow', 'cob', 'lunchtime', 'afternoon', 'apres-midi', 'post-lunch']);
/** Words that introduce an event to come ("before the next update"), not a moment a deadline names ("before the weekend"). */
const NEXT_EVENT = new Set(['next', 'prochain', 'prochaine']);
/** Verbs that check whether something holds ("check whether…", "vérifie si…"). */
const CHECKS = new Set(['check', 'verify', 'see', 'test', 'confirm', 'verifie', 'verifier', 'regarde', 'controle', 'teste', 'confirme', 'checke', 'checker']);
/** A message that opens as news the speaker gives. */
const INFORMS = /\bje (?:vous|te) (?:informe|signale|confirme|precise)\b|\bnous vous informons\b|\bfor your information\b|\bjust so you know\b|\bplease be (?:advised|informed)\b|\bi(?:'d| would) like to inform you\b/;
/** A message that says of itself that it only asks. */
const JUST_ASKING = /\b(?:just|only) (?:asking|curious|wondering)\b|\bout of curiosity\b|\bje (?:demande|pose la question) (?:seulement|juste|simplement)\b|\bje (?:ne )?fais que demander\b|\bpar (?:pure )?curiosite\b|\bsimple question\b|\bjuste (?:pour savoir|une question)\b/;
/** A time of day said in words ("midnight", « minuit », "noon"): its digits are moment-ahead.ts's. */
const CLOCK_WORDS = new Set(['midnight', 'minuit', 'noon', 'midi']);
/** Words that say the request is for now. */
const NOW = new Set(['now', 'maintenant', 'immediately', 'asap', 'tout de suite', 'immediatement', 'mtn']);
/** Words that judge doing something ("safe", "risqué", "a good idea"). */
export const JUDGEMENTS = new Set(['sens', 'sense', 'safe', 'ok', 'okay', 'wise', 'risky', 'smart', 'good', 'bad', 'fine', 'dangerous', 'idea', 'risque', 'prudent', 'dangereux', 'sur', 'grave', 'idee', 'raisonnable', 'sage']);
/** "should I …?", "do we need to …?", "dois-je …", "faut-il …": a question about doing it, not a request. */
export function asksAdvice(all: SentenceWord[], text = '?'): boolean {
  const words = all.filter((w) => !['even', 'really', 'actually', 'vraiment', 'really,'].includes(w.text));
  const [a, b, c] = [words[0]?.text, words[1]?.text, words[2]?.text];
  if ((a === 'should' || a === 'shall' || a === 'must') && ['i', 'we'].includes(b ?? '')) return true;
  // "is it safe to restart nextcloud now?", "c'est risqué de redémarrer nextcloud ?", "is it a good idea to…"
  const judged = words.slice(2, 5).some((w) => JUDGEMENTS.has(w.text));
  // (opened by "is it", a question even when dictated without its "?": "is it okay to scale wekan to five")
  if (((a === 'is' && b === 'it') || (a === 'c' && b === 'est') || (a === 'est-ce' && b === 'que')) && judged && (/\?\s*$/.test(text) || a === 'is')) return true;
  // "would it be wise to upgrade gitlab before the holidays?", "will it be ok to…"
  if (['would', 'will', 'could', 'was'].includes(a ?? '') && b === 'it' && words.slice(2, 6).some((w) => JUDGEMENTS.has(w.text))) return true;
  // ("would it delete the images we need??", "will this wipe the registry?": what doing it would do, asked)
  // (not "would it be possible to…", a polite request)
  if (['would', 'will', 'could', 'might', 'does'].includes(a ?? '') && ['it', 'this', 'that'].includes(b ?? '') && c !== 'be' && /\?\s*$/.test(text)) return true;
  if ((a === 'do' || a === 'does') && ['i', 'we'].includes(b ?? '') && (c === 'need' || c === 'have')) return words[3]?.text === 'to';
  // "does ghost need to be restarted?", "does wekan need a restart?": whether it needs it, asked
  if (a === 'does' && words.slice(2, 5).some((w) => w.text === 'need') && /\?\s*$/.test(text)) return true;
  if (a === 'dois-je' || a === 'faut-il' || a === 'devrait-on' || a === 'devrais-je') return true;
  // "ça a-tu du bon sens de scaler wekan ?", "est-il prudent de…", "serait-ce une bonne idée de…": an inverted
  // question (the Quebec "-tu" too) that judges doing it
  if (words.some((w) => ['faut-il', 'faudrait-il', 'dois-je', 'devrais-je', 'devrait-on', 'doit-on', 'faudra-t-il'].includes(w.text)) && /\?\s*$/.test(text)) return true;
  const inverted = words.findIndex((w) => /-(tu|il|elle|on|ce)$/.test(w.text));
  if (inverted >= 0 && inverted <= 3 && words.slice(inverted + 1, inverted + 5).some((w) => JUDGEMENTS.has(w.text))) return true;
  // "il nous faudrait un nextcloud": a need, said with what is needed, not a question about doing it
  if (words.some((w, i) => ['faut', 'faudrait'].includes(w.text) && ['un', 'une', 'des'].includes(words[i + 1]?.text ?? ''))) return false;
  // (« static sert plus à rien, faudrait peut-être le virer »: a need doubted, in whichever clause it is said)
  if (words.some((w, i) => ['faut', 'faudrait'].includes(w.text) && [words[i + 1]?.text, words[i - 1]?.text].includes('peut-etre'))) return true;
  // ("salut, vaut mieux scaler wordpress ou juste le redémarrer ?", "is it better to restart ghost or scale it?": which
  // is better, asked)
  const better = words.findIndex((w, i) => (w.text === 'vaut' && words[i + 1]?.text === 'mieux') || (w.text === 'better' && ['is', 'it', "it's", 'would', 'be'].includes(words[i - 1]?.text ?? '')));
  if (better >= 0 && better <= 3 && text.includes('?')) return true;
  const k = words.findIndex((w) => w.text === 'dois' || w.text === 'doit' || w.text === 'devrais' || w.text === 'devrait' || w.text === 'faut' || w.text === 'faudrait' || w.text === 'faudra');
  // "faut redémarrer mattermost", « il faudrait redémarrer ghost »: a need said, unless asked ("faut redémarrer
  // mattermost ?") or doubted (« il faudrait peut-être… »)
  if (k >= 0 && (words[k]!.text === 'faut' || (words[k]!.text === 'faudrait' && !words.some((w) => w.text === 'peut-etre'))) && !text.includes('?')) return false;
  return k >= 0 && k <= 3 && words.slice(0, k).every((w) => w.stop || w.text === 'est-ce');
}
/** Words of an opinion asked ("is that ok?", "what do you think?", "qu'en pensez-vous ?"). */
const OPINION = new Set(['think', 'reckon', 'pensez', 'penses', 'pensez-vous', 'penses-tu', 'avis', 'alright', 'ok', 'okay', 'fine', 'safe', 'wise', 'good', 'idea', 'bon', 'raisonnable', 'prudent', 'grave', 'risque']);
/** Words that point back at what the message said ("that", "ça", "qu'en"). */
const BACK = new Set(['that', 'this', 'it', 'ca', 'cela', 'en', 'think', 'pensez', 'penses', 'pensez-vous', 'penses-tu', 'avis']);
/** The message's last clause, after another, is a question asking an opinion of what it said before. */
export function asksOpinion(words: SentenceWord[], clause: readonly number[], text: string): boolean {
  const last = Math.max(0, ...clause);
  if (last === 0 || !/\?\s*$/.test(text)) return false;
  const inLast = words.filter((_, i) => clause[i] === last);
  return inLast.some((w) => BACK.has(w.text)) && inLast.some((w) => OPINION.has(w.text)) && inLast.every((w) => w.stop || OPINION.has(w.text) || BACK.has(w.text) || ['is', 'do', 'you', 'what', 'qu', 'c', 'est', 'vous', 'tu'].includes(w.text));
}
/** A yes/no question ("do we have…?", "is there…?", "a-t-on…?"), not a polite request ("can you…?", "do you mind…"). */
export function isQuestion(words: SentenceWord[], text: string): boolean {
  const [a, b] = [words[0]?.text, words[1]?.text];
  // ("do a full backup" is a request: "do" asks only with a subject after it)
  // ("do the backup of all the applications, please": a determiner after "do" asks only in a question)
  if (['do', 'does', 'did', 'had'].includes(a ?? '')) return DO_SUBJECTS.has(b ?? '') && (!DO_DETERMINERS.has(b ?? '') || /\?\s*$/.test(text));
  if (['have', 'has', 'is', 'are', 'was', 'were', 'any'].includes(a ?? '')) return b !== 'you';
  if (['a-t-on', 'avons-nous', 'existe-t-il'].includes(a ?? '')) return true;
  // "on a…", "il y a…" open a statement as well ("on a trop de vieux backups, fais du tri"): a question only when asked
  return /\?\s*$/.test(text) && (a === 'y' || (a === 'on' && b === 'a') || (a === 'il' && b === 'y'));
}
// ("a full backup", "une sauvegarde complète": of everything, when no app is named)
const DO_DETERMINERS = new Set(['the', 'our', 'my', 'all', 'any', 'these', 'those']);
const DO_SUBJECTS = new Set(['i', 'we', 'they', 'it', 'he', 'she', 'anyone', 'anybody', 'someone', 'somebody', 'the', 'our', 'my', 'all', 'any', 'these', 'those', 'u', 'people', 'everyone']);
/** The clause (cut at , ; ! ? …, a colon or a full stop before a space, and "but"/"mais") of each sentence word, by index. */
/** Prepositions before a command named as a thing ("with the wekan restore", « avec la restauration de wekan »). */
const AFTER_PREPOSITION = new Set(['with', 'about', 'during', 'after', 'from', 'by', 'avec', 'pendant', 'apres', 'sur', 'par']);
/** Words after thanks that make them many ("merci beaucoup", "thanks a lot", "thanks so much"). */
const THANKS_MUCH = new Set(['beaucoup', 'bien', 'a', 'so', 'very']);
/** What thanks name when they are for a thing, not for doing it: its article (« merci la dernière maj », "thanks the update"). */
const THANKED_THING = ['la', 'le', 'les', 'l', 'the', 'ce', 'cette', 'ces', 'your', 'ta', 'ton', 'tes', 'votre'];
/** Words that open a condition's clause after a request: "if", « si » after "and", « et », « sauf », "except", or "unless". */
const CLAUSE_IF = new Set(['and', 'et', 'sauf', 'except', 'then', 'puis']);
/**
 * Whether the clause right after the one at `verbAt`, in the same sentence, opens on a condition ("…, and if it's
 * still down …", « …, sauf si … », "…, unless …"), not a polite one ("…, if you can").
 */
function conditionNext(words: readonly SentenceWord[], text: string, clause: readonly number[], verbAt: number): boolean {
  const start = words.findIndex((_, i) => i > verbAt && clause[i] === clause[verbAt]! + 1);
  const sentence = start < 0 ? [] : sentencesOf(text, words.length);
  if (start < 0 || sentence[start] !== sentence[verbAt]) return false;
  const at = CLAUSE_IF.has(words[start]!.text) ? start + 1 : start;
  const w = words[at]?.text ?? '';
  return w === 'unless' || (['if', 'si'].includes(w) && !politeIf(words as SentenceWord[], at));
}

/** The sentence of each word (split after ".", "!", "?" and "…"), as clausesOf numbers clauses. */
function sentencesOf(text: string, count: number): number[] {
  const out: number[] = [];
  text.split(/[.!?…]+(?=\s|$)/u).forEach((part, k) => {
    for (const _ of sentenceWords(part)) out.push(k);
  });
  return out.length === count ? out : Array.from({ length: count }, () => 0);
}

export function clausesOf(text: string, count: number): number[] {
  const out: number[] = [];
  // ("but", "mais" open the next clause: kept in it, so the words line up)
  // (a dash between spaces, "outbox retry all — webhook fixed over the weekend", ends a clause as a comma does; so does
  // a hyphen in a list typed on one line, « - sauvegarde nextcloud - mets à jour nextcloud »)
  const dashes = /^\s*-\s/u.test(text) ? /[,;!?…()]|[:.](?=\s|$)|\s[—–-]\s|(?=\b(?:but|mais)\b)/iu : /[,;!?…()]|[:.](?=\s|$)|\s[—–]\s|(?=\b(?:but|mais)\b)/iu;
  text.split(dashes).forEach((part, k) => {
    for (const _ of sentenceWords(part)) out.push(k);
  });
  return out.length === count ? out : Array.from({ length: count }, () => 0);
}

/**
 * A message that teaches a command rather than asks for it: a lesson's heading ("Tip of the day:", "Pour les
 * nouveaux :", "Quiz:"), what one types ("you type backup followed by the app name, like backup ghost", "on tape…"),
 * an example ("for example", "par exemple"), the command line as the subject of what it does ("restart wekan
 * restarts the database first", "logs nextcloud 100 vous donne…", "summon brings it back"), or people told to ask the
 * bot ("ask the bot for the status of wekan", "demandez au bot l'état de wekan"). `verbAt` is the reading's word.
 */
export function teaches(text: string, words: readonly SentenceWord[], verbAt: number, appAt: (i: number) => boolean, clause: readonly number[], commandWords: ReadonlySet<string>): boolean {
  if (LESSON_HEADING.test(text) || TELLS_TO_ASK.test(normalise(text)) || (text.includes('`') && IS_THE_LINE.test(text))) return true;
  // (anywhere: "to get a fresh backup you type backup followed by the app name")
  if (words.some((w, i) => TYPING.has(w.text) || (w.text === 'type' && ['you', 'u', 'then', 'just', 'on'].includes(words[i - 1]?.text ?? '')))) return true;
  // ("pour sauvegarder ghost, tu fais backup ghost", "to back up ghost you just do backup ghost": the command's line,
  // by its name, that someone is told one runs; not asked, nor with a "please": « tu fais backup ghost stp ? »)
  const toldRuns = (i: number) => RUNS.has(words[i]!.text) && commandWords.has(words[i + 1]?.text ?? '') && GENERIC_YOU.has(words[JUST.has(words[i - 1]?.text ?? '') ? i - 2 : i - 1]?.text ?? '');
  if (!ENDS_ASKED.test(text) && words.some((_, i) => toldRuns(i)) && !words.some((w) => POLITE_ASK.has(w.text))) return true;
  // ("…, like backup ghost", "par exemple backup ghost": an example, right before a word of the command's)
  const example = (i: number) => {
    const before = words[i - 1]?.text ?? '';
    return (before === 'like' && !["i'd", 'id', 'would', "we'd", 'd', 'you', 'u', 'look', 'looks'].includes(words[i - 2]?.text ?? '')) || ['e.g', 'eg'].includes(before) || (before === 'exemple' && words[i - 2]?.text === 'par') || (['example', 'instance'].includes(before) && words[i - 2]?.text === 'for');
  };
  if (words.some((w, i) => commandWords.has(w.text) && example(i))) return true;
  // the line (its verb, its app, its count), then in the same clause a verb that says what it does
  const saysWhatItDoes = (at: number) => {
    let k = at + 1;
    while (k < words.length && (appAt(k) || /^\d+$/.test(words[k]!.text))) k++;
    // (its app or count said, or the command named alone: "summon brings it back"; never "how does scale work")
    if (k === at + 1 && !commandWords.has(words[at]?.text ?? '')) return false;
    const next = ['vous', 'te', 'nous'].includes(words[k]?.text ?? '') ? k + 1 : k;
    return !!words[next] && clause[next] === clause[at] && DOES.has(words[next]!.text);
  };
  // (or the command's own name with its app, where the reading is on other words: "au besoin, `rollback ghost` remet
  // l'ancienne version" reads rollback on « ancienne version »)
  return saysWhatItDoes(verbAt) || words.some((w, i) => i !== verbAt && commandWords.has(w.text) && i + 1 < words.length && appAt(i + 1) && saysWhatItDoes(i));
}
const LESSON_HEADING = /^\s*(?:example|exemple|e\.g\.?|for\s+instance|par\s+exemple|tip(?:\s+of\s+the\s+day)?|pro\s+tip|astuce(?:\s+du\s+jour)?|rule\s+of\s+thumb|r[eè]gle\s+d['’]or|quiz|homework[^:]{0,20}|devoirs?[^:]{0,20}|for\s+(?:the\s+)?newcomers|pour\s+les\s+nouveaux|fun\s+fact|lesson[^:]{0,20}|le[cç]on[^:]{0,20}|exercise|exercice)\s*:\s/iu;
// (the bot as "it" or « lui », the one asked: "when I want to see what's deployed I just ask it for status", « pour savoir
// ce qui tourne, tu lui demandes status »)
const TELLS_TO_ASK = /\b(?:ask|asking)\s+(?:the\s+bot|summoner|the\s+robot|it\s+(?:for|to))\b|\b(?:tu|vous|on|je|j['’]\s*)\s*lui\s+demande(?:s|z|ons)?\b|\bdemandez?-lui\b|\bdemandez?\s+(?:au\s+(?:bot|robot)|a\s+summoner)\b|\btry\s+it\s+yourselves\b|\ba\s+vous\s*:/u;
/** A command line in backquotes said to be the way ("josh: it's `logs ghost` and then a number", « pour les logs c'est `logs ghost` »). */
const IS_THE_LINE = /(?:\bit['’]?s|\bit\s+is|\bc['’]\s*est|\bcest)\s+`[a-z]/iu;
/** Verbs one runs a command line with, said to or of a person ("you do", « tu fais », « on lance »). */
const RUNS = new Set(['do', 'run', 'use', 'fais', 'faites', 'fait', 'lances', 'lancez', 'lance', 'utilises', 'utilisez']);
const GENERIC_YOU = new Set(['you', 'u', 'tu', 'vous', 'on', 'we']);
const JUST = new Set(['just', 'simply', 'juste', 'simplement']);
/** Verbs of typing a command ("you type", "on tape", "tapez", "enter"). */
const TYPING = new Set(['tape', 'tapez', 'tapes', 'typing', 'saisissez', 'saisis', 'ecrivez', 'entrez', 'enter']);
/** What a command line does, said after it ("restart wekan restarts…", "logs nextcloud 100 gives you…", "summon brings it back"). */
export const DOES = new Set(['restarts', 'gives', 'shows', 'brings', 'takes', 'lists', 'prints', 'returns', 'deletes', 'removes', 'keeps', 'runs', 'makes', 'puts', 'sends', 'wipes', 'checks', 'restores', 'replaces', 'redemarre', 'donne', 'ramene', 'efface', 'prend', 'garde', 'envoie', 'remet', 'remets', 'remplace']);
