// How people type or dictate a message, made plain before it is read: a whole command line in a code span
// (`status gitlab`, ```restart wekan```), a chat slash prefix (/summon status wekan), a command-line habit
// (`summoner --help`, `restore --help`), an app name dictated in two words ("next cloud", "word press") or
// shortened to consonants ("nc", "wp", "mm", "gl"), a version dictated ("six point seven"). The app vocabulary is injected, so a new catalog app is read
// the same way. Pure; one pass over the words.

import { edits } from '../grammar/nearmiss.js';
import { saidToTheBot } from './addressing.js';
import { withoutBotPrefix, withoutEnvelope, withoutListNumber } from './envelope.js';
import { dictatedVersions } from './numbers.js';
import { wishAsRequest } from './wish.js';
import { softenedAsRequest } from './softened.js';
import { needAsRequest } from './passive.js';
import { withoutNeedFrame } from './need-frame.js';
import { plainIdioms } from './idioms.js';
import { withoutFillers } from './fillers.js';
import { withRunOnCut } from './run-on.js';
import { keyValuesAsLine } from './key-values.js';
import { formAsRequest } from './form-fields.js';
import { conditionsAsIf } from './condition-words.js';
import { whatTimeAsWhen } from './what-time.js';

/** Words that may follow a command line typed in a code span without making it talk about that line. */
const POLITE_AFTER = /^(?:\s*(?:pls|plz|please|stp|svp|merci|thanks|thx|asap|now|maintenant|!|\.))*\s*$/iu;
/** A whole message in one code span (one, or three backticks), maybe as a bullet: what is inside is the line. */
const CODE_SPAN = /^\s*(?:[-*•]\s+)?(`{1,3})\s*([^`]+?)\s*\1(.*)$/su;
/** Short words of two consonants that are not app names however they fit one (units, "ps", "pr", ranks). */
const NOT_SHORT_APPS = new Set(['ps', 'pr', 'pm', 'st', 'nd', 'rd', 'th', 'mr', 'ms', 'dr', 'hr', 'gb', 'mb', 'kb', 'tb', 'km', 'kg', 'cm', 'mn', 'ml', 'pt', 'cc', 'bb', 'gg', 'hm', 'hmm', 'mmh', 'sh', 'ch', 'pc', 'tv', 'cv', 'db', 'js', 'ts', 'cd', 'ls', 'rm', 'mv', 'cp']);

export interface ShorthandVocabulary {
  apps: readonly string[];
  /** Command names and aliases: `/summon status wekan` drops the prefix, `/summon wekan` is the summon itself. */
  commands: ReadonlySet<string>;
  /** Words the understanding step knows (stopwords, phrase words): never read as a shortened app name. */
  known: (word: string) => boolean;
}

export function plainShorthand(text: string, v: ShorthandVocabulary): string {
  // (an e-mail's greeting and sign-off, a numbered list's marker: envelope.ts)
  // (a request made to the bot in the third person, said to "tu": addressing.ts; one said as a wish: wish.ts; softened
  // into a question about a bother or a way: softened.ts; said as a need of what it acts on: passive.ts)
  // (idioms that say a plain verb: idioms.ts)
  // (chat's discourse particles: fillers.ts)
  // (a statement typed into a request without a comma: run-on.ts)
  // (a condition said by "unless", "as long as", « du moment que »: condition-words.ts)
  // (a need that only frames the request, "what I need is…", "I need to know what…": need-frame.ts)
  // ("at what time do the backups run": "when"; what-time.ts)
  // (a request typed as key=value pairs, "app=ghost action=restart": key-values.ts; as a one-line form's fields,
  // "Request: restore / App: ghost / Date: yesterday": form-fields.ts)
  let out = saidToTheBot(needAsRequest(withoutNeedFrame(softenedAsRequest(wishAsRequest(plainIdioms(whatTimeAsWhen(conditionsAsIf(withRunOnCut(withoutFillers(withoutListNumber(withoutEnvelope(formAsRequest(keyValuesAsLine(text))))), (w) => v.commands.has(w), v.apps)))))))));
  // "`status gl`", "```restart wekan```", "- `dismiss ghost` pls": the line typed as a line
  // ("`restart wekan` is what fixed it last time" talks about it: other words after the span keep it quoted)
  const span = CODE_SPAN.exec(out);
  if (span && POLITE_AFTER.test(span[3]!) && !span[2]!.includes('\n')) out = `${span[2]!} ${span[3]!.trim()}`.trim();
  // "/summon status wekan", "/summoner help": a chat slash command naming the bot
  const slash = /^\s*\/(summon(?:er)?)\s+(\S+)/iu.exec(out);
  if (slash) out = v.commands.has(slash[2]!.toLowerCase()) || slash[1]!.toLowerCase() === 'summoner' ? out.replace(/^\s*\/\S+\s+/u, '') : out.replace(/^\s*\//u, '');
  // "!backup ghost", "/restore wekan …", ".restart wordpress": another bot's habit
  else out = withoutBotPrefix(out, (w) => v.commands.has(w));
  // "summoner --help", "restore --help", "--help": the help, of that command ("dismiss -h pls", « summon --help stp »)
  const help = /^\s*(?:summoner\s+)?(?:(\S+)\s+)?(?:--help|-h)\s*[?!.]*\s*(?:(?:please|pls|plz|stp|svp|merci|thanks|thx)\s*[?!.]*\s*)?$/iu.exec(out);
  if (help) out = help[1] && v.commands.has(help[1].toLowerCase()) ? `help ${help[1]}` : 'help';
  return joinApps(dictatedVersions(sms(withoutReferences(hostsAsApps(inclusiveAsOne(out), v.apps)))), v);
}

/**
 * "wekan.example.org", "https://gitlab.example.org", "ghost.team.fr", "registry.example.org:5000": an app named by the
 * host it is served on, whose first label is the app's name (or starts with it and a dash, "ghost-example.org"), is that app. A link to a file ("…/compose.yaml") stays
 * the link it is (a source to read, not an app).
 */
const HOST = /^(?:https?:\/\/)?([\p{L}\d-]+)(?:\.[\p{L}\d-]+)*\.\p{L}{2,}(?::\d+)?(\/\S*)?$/u;
function hostsAsApps(text: string, apps: readonly string[]): string {
  return text.replace(/(?<![\S])([^\s`"«»]+?)([,;:!?)»"]*|\.(?=\s|$))(?=\s|$)/gu, (token, core: string, tail: string) => {
    const m = HOST.exec(core);
    if (!m || core.includes('@') || /\.[a-z0-9]{2,5}$/iu.test(m[2]?.split('/').filter(Boolean).at(-1) ?? '')) return token;
    // ("ghost-example.org", "wekan-staging.example.org": the app's name, then a dash and the host's own words)
    const label = m[1]!.toLowerCase();
    // (never a file: "ghost-20261202T091500Z-cold.tar.gz" is a backup of ghost, named as it is)
    const file = /\d/.test(label) || /\.(?:gz|zst|tar|sql|json|ya?ml|txt|log|zip|bak|dump|env|conf)$/iu.test(core);
    const app = apps.includes(label) ? label : file ? undefined : apps.filter((a) => label.startsWith(`${a}-`)).sort((a, b) => b.length - a.length)[0];
    return app ? `${app}${tail}` : token;
  });
}

/**
 * "ticket 5541", "per ticket #4440", "incident INC-22", "PR 88": a number that names a ticket, an issue or a
 * change is that thing's reference, never a value of the command (a count, a dead letter id, a date): left out.
 */
const REFERENCE = /(\b(?:tickets?|issues?|incidents?|inc|cases?|pr|mr|bugs?|ref|req|requests?|chg|jira|dossier)\s*)(?:n[°o]\.?\s*|#\s*|:\s*)?[A-Z]{0,6}-?\d+\b/giu;
/** "erreur 502 partout", "is throwing 500s", "renvoie des 500", "HTTP 404": an HTTP status said, no count or value. */
// ("ghost répond 502", "gitlab gives 503", "ghost 502 on every page", « 504 partout »: answered by the app, or said
// where it is seen)
const HTTP_STATUS = /(\b(?:https?|erreurs?|errors?|codes?|status|statut|des|throwing|throws|returns?|returning|renvoie|renvoient|getting|r[ée]pond|r[ée]pondent|responds|answers|gives|giving|serves|serving|spits|crache|sert)\s+)[45]\d\d\b|\b[45]\d\ds\b|\b[45]\d\d(?=\s+(?:on\s+(?:every|all|each|the)|sur\s+(?:toutes|tout|chaque|les)|partout|everywhere|errors?\b|erreurs?\b))/giu;
/** "the disk is at 91%", « à 91 % »: a share measured, which no command takes as a value. */
const PERCENT = /(?<![\p{L}\p{N}.,])\d+(?:[.,]\d+)?\s?%/gu;
/** "only 3 GB left", « il reste 3 Go », "500MB": a size measured, which no command takes as a value either. */
const SIZE = /(?<![\p{L}\p{N}.,])\d+(?:[.,]\d+)?\s?(?:[kmgt]i?b|[kmgt]o|gigs?|gigabytes?|megabytes?|terabytes?|gigaoctets?|m[ée]gaoctets?|t[ée]raoctets?)(?![\p{L}\p{N}])/giu;
function withoutReferences(text: string): string {
  const referenceFree = /\d/u.test(text) ? text.replace(REFERENCE, '$1') : text;
  // (a status needs its three digits: the scan is skipped without them)
  const statusFree = /[45]\d\d/u.test(referenceFree) ? referenceFree.replace(HTTP_STATUS, (m, lead?: string) => lead ?? '') : referenceFree;
  return statusFree.replace(PERCENT, '').replace(SIZE, '');
}

/**
 * French inclusive writing, « utilisateur·rices », « quelqu'un·e », « arrivant·es », « aligné·es »: the word read as its
 * first form, so the suffix after the middle dot is no word of its own (a dot "." is left alone: hosts use it).
 */
function inclusiveAsOne(text: string): string {
  return text.replace(/(\p{L})[·⋅‧•]\p{L}+(?:[·⋅‧•]s)?(?![\p{L}])/gu, '$1');
}

/** French typed as SMS whose elision is gone ("jai deja redemarre gitlab", "cest bon"): the words written out. */
const SMS: ReadonlyMap<string, string> = new Map([['jai', "j'ai"], ['cest', "c'est"], ['jsuis', 'je suis'], ['chui', 'je suis'], ['chu', 'je suis'], ['pcq', 'parce que'], ['jvais', 'je vais'], ['jsp', 'je sais pas'], ['tkt', "t'inquiète"], ['jpense', 'je pense'], ['jredemarre', 'je redémarre'], ['jme', "j'me"], ['lmk', 'let me know']]);
/** "ur own state" (your), "its not used" (it's): chat spellings that only these neighbours tell apart. */
const UR_OWN = /\bur(?=\s+own\b)/giu;
const ITS_NOT = /([\p{L}\p{N}])\s+its(?=\s+(?:not|no\s+longer|never)\b)|\bits(?=\s+(?:not|no\s+longer|never)\b)/giu;
/** "why'd wekan restart", "how'd ghost go down": the question's "did", never "would" (no request follows "why"). */
const WH_D = /\b(why|how|where|when)['’]d\b/giu;
/** « redem » (redémarrer, typed short): its participle after « a », « ai », « as »… (« quelqu'un a redem gitlab ? »), else the imperative. */
const REDEM = /(?<![\p{L}\p{N}'’-])(?:(a|ai|as|avons|avez|ont|pas|deja|déjà)\s+)?redem(?![\p{L}\p{N}'’])/giu;
/** Québec's question particle on an impersonal verb (« faudrait-tu redémarrer… ? », « faut-tu… ? »): « faudrait-il », asked. */
const QC_TU = /(?<![\p{L}'’-])(faut|faudrait|fallait|vaut|vaudrait)-tu(?![\p{L}])/giu;
function sms(text: string): string {
  // ("remove the static site pls its not used anymore": a clause of its own, without its comma)
  // (REDEM and ITS_NOT need their word: a substring test skips their scan)
  let t = text.replace(QC_TU, '$1-il');
  if (/redem/iu.test(t)) t = t.replace(REDEM, (_m, aux?: string) => (aux ? `${aux} redémarré` : 'redémarre'));
  t = t.replace(WH_D, '$1 did').replace(UR_OWN, 'your');
  if (/its/iu.test(t)) t = t.replace(ITS_NOT, (m, lead?: string) => (lead ? `${lead}, it's` : "it's"));
  return t.replace(/(?<![\p{L}\p{N}'’-])(\p{L}+)(?![\p{L}\p{N}'’-])/gu, (w) => SMS.get(w.toLowerCase()) ?? w);
}

/** Command names that are also two words with a sense of their own: never joined. */
const SPLIT_VERBS = new Set(['backup', 'backups', 'rollback']);

/** Dictated halves of an app name joined ("next cloud" → nextcloud, "uptime kuma" → uptime-kuma, "get lab" → getlab, then
 * read as gitlab misspelt), of a command name ("out box"), consonant shorthands expanded ("nc"). */
function joinApps(text: string, v: ShorthandVocabulary): string {
  const apps = new Set(v.apps);
  const parts = text.split(/(\s+)/u);
  const bare = (s: string | undefined) => (s ?? '').toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  for (let i = 0; i + 2 < parts.length; i += 2) {
    const a = bare(parts[i]);
    // ("next cloud's old backups": the possessive is the joined name's)
    const b = bare(parts[i + 2]).replace(/['’]s$/u, '');
    // (a letter alone is no half: « restaure nextclou d hier » is « d'hier » typed without its apostrophe)
    // (letters only, the first word's end and the second's start clean: "word press," keeps its comma)
    // (checked first: most pairs of a message end here, before any app is compared)
    if (a.length < 2 || b.length < 2 || !/^\p{L}+$/u.test(parts[i]!.replace(/^[^\p{L}]+/u, '')) || !/^\p{L}/u.test(parts[i + 2]!)) continue;
    const ab = a + b;
    // ("uptime kuma", "paperless ngx": a name with a dash, said in two words)
    let joined = apps.has(ab) ? ab : apps.has(`${a}-${b}`) ? `${a}-${b}` : undefined;
    if (!joined) {
      // ("Wee Kan": two words nothing knows, whose join is one edit from one app only, is that app misspelt, kept as
      // typed joined so the near-miss reading, which asks before anything destructive, applies)
      const misspelt = !apps.has(a) && !apps.has(b) && !v.known(a) && !v.known(b) && [...apps].filter((x) => Math.abs(ab.length - x.length) <= 1 && edits(ab, x) === 1).length === 1;
      // ("get lab", "is get lab up": a recogniser's two words, one the app's own half and the other its other half
      // with one letter heard wrong, same length, three letters or more; joined as typed too, as `misspelt`)
      const halfHeard = (x: string) => {
        if (x.length !== ab.length || ab === x) return false;
        const [head, tail] = [x.slice(0, a.length), x.slice(a.length)];
        // (the half heard right is no word of its own: "we can install" is no wekan)
        return (tail === b && !v.known(b) && a.length >= 3 && edits(a, head) === 1) || (head === a && !v.known(a) && b.length >= 3 && edits(b, tail) === 1);
      };
      const misheard = !misspelt && !apps.has(a) && !apps.has(b) && [...apps].filter(halfHeard).length === 1;
      // ("show the out box", "who am i" aside: a command's name in two words; never "back up" or "roll back", verbs
      // of their own with other readings: "is wekan back up?")
      const commandName = v.commands.has(ab) && !SPLIT_VERBS.has(ab);
      if (misspelt || misheard || commandName) joined = ab;
    }
    if (joined) {
      parts[i] = parts[i]!.replace(/\p{L}+$/u, '') + joined + parts[i + 2]!.replace(/^\p{L}+/u, '');
      parts.splice(i + 1, 2);
    }
  }
  // (the words only: the spaces between them, at odd places, are kept as they are)
  return parts.map((p, i) => (i % 2 ? p : elided(expandShort(unhyphenated(frenchName(p, bare(parts[i - 2]), apps), apps), v), v))).join('');
}

/** Nouns an app is named after in French ("le site statique", "l'appli statique", "le registre"). */
const APP_NOUNS = new Set(['site', 'appli', 'app', 'application', 'instance', 'service']);
const NAMED_AFTER = new Set([...APP_NOUNS, 'le', 'la', 'du', 'au']);
/**
 * « l'ancien site statique », « vide le registre »: an app whose name is an English word (static, registry), said as its
 * French twin (-ique for -ic, -re for -ry) right after its noun or article, is that app (an IP « statique » is not).
 */
function frenchName(part: string, before: string, apps: ReadonlySet<string>): string {
  if (!NAMED_AFTER.has(before)) return part;
  const m = /^([^\p{L}]*)(\p{L}+?)(ique|re)([^\p{L}]*)$/iu.exec(part);
  // (« le registre » may be an image registry of another app's: -re only after the app's own noun, « l'appli registre »)
  if (!m || (m[3]!.toLowerCase() === 're' && !APP_NOUNS.has(before))) return part;
  const app = `${m[2]!.toLowerCase()}${m[3]!.toLowerCase() === 'ique' ? 'ic' : 'ry'}`;
  return apps.has(app) ? `${m[1]}${app}${m[4]}` : part;
}

/** "Next-Cloud", "Word-Press", "Wee-kan": an app's name typed with a dash inside, joined (as typed, when misspelt). */
function unhyphenated(part: string, apps: ReadonlySet<string>): string {
  const m = /^([^\p{L}]*)(\p{L}+)-(\p{L}+)([^\p{L}]*)$/u.exec(part);
  if (!m || apps.has(`${m[2]}-${m[3]}`.toLowerCase())) return part;
  const joined = (m[2]! + m[3]!).toLowerCase();
  const fits = apps.has(joined) || [...apps].filter((x) => Math.abs(joined.length - x.length) <= 1 && edits(joined, x) === 1).length === 1;
  return fits ? `${m[1]}${m[2]}${m[3]}${m[4]}` : part;
}

/**
 * "letat de tt", "lhistorique": a French elision typed without its apostrophe, when the word is not one the step
 * knows and what follows the "l"/"d" is (four letters or more, opening on a vowel or an h).
 */
function elided(part: string, v: ShorthandVocabulary): string {
  const m = /^([^\p{L}]*)([ld])([aeiouyhéèêàâîôû]\p{L}{3,})([^\p{L}]*)$/iu.exec(part);
  if (!m) return part;
  const plain = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return !v.known(plain(m[2]! + m[3]!)) && v.known(plain(m[3]!)) ? `${m[1]}${m[2]}'${m[3]}${m[4]}` : part;
}

/** "nc", "wp", "mm", "gl": two consonants, the app's first letter then one of its own, fitting one app only. */
function expandShort(part: string, v: ShorthandVocabulary): string {
  const m = /^([^\p{L}]*)(\p{L}{2})([^\p{L}]*)$/u.exec(part);
  if (!m || m[1]!.includes('/') || m[1]!.includes('-')) return part;
  const w = m[2]!.toLowerCase();
  if (/[aeiouy]/.test(w) || NOT_SHORT_APPS.has(w) || v.known(w)) return part;
  const fits = v.apps.filter((a) => a.length >= 5 && a[0] === w[0] && a.indexOf(w[1]!, 1) > 0);
  return fits.length === 1 ? `${m[1]}${fits[0]}${m[3]}` : part;
}
