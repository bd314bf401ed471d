// Words of a sentence for understanding: lower case, accents dropped, elisions split (l'app → l app),
// surrounding punctuation dropped, values kept whole (5.116.2, 2026-11-20T10:15, file names).
import { sanitize } from '../grammar/parse.js';

export type { Lang } from './explanation.js';
import type { Lang } from './explanation.js';

/** Words that carry no meaning for choosing a command or its arguments. */
export const STOPWORDS = new Set([
  // English
  'the', 'a', 'an', 'of', 'for', 'to', 'me', 'my', 'our', 'us', 'please', 'pls', 'plz', 'can', 'could', 'would', 'will', 'you', 'u',
  'i', 'we', 'is', 'are', 'be', 'it', 'its', 'on', 'in', 'at', 'with', 'and', 'from', 'this', 'that', 'some', 'just', 'kindly',
  'hey', 'hi', 'hello', 'yo', 'summoner', 'bot', 'thanks', 'thank', 'thx', 'cheers', 'now', 'quickly', 'asap', 'go',
  'ahead', 'want', 'like', "i'd", 'id', 'need', "what's", 'whats', 'what', 'do', 'does', 'did', 'get', 'let', "let's", 'lets',
  'mate', 'folks', 'team', 'again', 'maybe', 'so', 'then', 'here', 'any', 'have', 'has', 'had', 'been', 'was', 'were', 'one',
  'too', 'also', 'same', 'by', 'about', 'as', 'your', 'yours', 'if', 'possible', 'real', 'hmm', 'uh', 'well', 'right', 'should',
  'service', 'instance', 's', 'there', 'rn', 'anything', 'something', 'atm', 'anyone', 'anybody', 'someone', 'somebody', 'services', 'servers', 'look', 'looks', 'serveurs',
  // French
  'le', 'la', 'les', 'l', 'de', 'du', 'des', 'd', 'un', 'une', 'pour', 'moi', 'mon', 'ma', 'mes', 'notre', 'nos', 'stp', 'svp',
  "s'il", 'sil', 'te', 'plait', 'merci', 'tu', 'vous', 'peux', 'pourrais', 'pourriez', 'peut', 'est', 'sont', 'je', 'j', 'on',
  'et', 'en', 'sur', 'avec', 'dans', 'au', 'aux', 'ce', 'c', 'qu', 'que', 'se', 'il', 'y', 'bonjour', 'salut', 'coucou', 'stp',
  'voudrais', 'veux', 'faire', 'fais', 'fait', 'peut-etre', 'aussi', 'pareil', 'idem', 'maintenant', 'quel', 'quelle', 'quels',
  'quelles', 'lui', 'leur', 'nous', 'a', 'ai', 'as', 'avons', 'donne', 'donner', 'montre', 'montrer', 'affiche', 'afficher', 'voir', 'vite',
  'encore', 'alors', 'bien', 'sa', 'ses', 'son', 'ton', 'ta', 'tes', 'votre', 'vos', 'm', 't', 'ca', 'cela', 'ceci', 'celle', 'celui', 'cet',
  'est-ce', 'qui', 'ou', 'donc', 'please,', "quelqu'un", 'es', 'quoi', 'montrez', 'affichez', 'donnez', 'petit', 'petite',
  // common words that must never read as a typo of a command word ("était" is not "état", "répond" not "reload")
  'etait', 'etaient', 'ete', 'etre', 'comme', 'while', 'whilst', 'because', 'pendant', 'parce', 'having', 'doubt', 'meme',
  // (« je suis en pleine migration », « disque plein »: "full", "in the middle of", never « se plaint » of the logs)
  'plein', 'pleine', 'pleins', 'pleines',
  // interjections: no meaning for a command, and not what a sentence opens on ("ugh the rollback … was painful")
  'dear', 'cher', 'chere', 'tell', 'soon', 'bientot', 'host', 'hosts', 'hote',
  // formal French ("je vous saurais gré de…", "auriez-vous l'obligeance de me présenter…", "je souhaiterais consulter…")
  'veuillez', 'prie', 'vouloir', 'saurais', 'serais', 'serions', 'gre', 'reconnaissant', 'reconnaissante', 'obliges', 'obligeance', 'amabilite',
  'auriez', 'souhaiterais', 'souhaiterions', 'souhaite', 'connaitre', 'consulter', 'presenter', 'communiquer', 'indiquer', 'transmettre',
  'exposer', 'proceder', 'actually', 'terribly',
  // politeness in the writer's other language ("per favore", "grazie", "por favor", "bitte", "danke")
  'per', 'favore', 'favor', 'grazie', 'gracias', 'bitte', 'danke',
  // urgency: how fast, never what ("whats running. quick", "restart it, fast", « vite vite », « rapidement »)
  'quick', 'fast', 'hurry', 'rapidement', 'rapide',
  // the whole as opposed to a part, said of a state ("overall status", « l'état général »): no app called "general"
  'overall', 'general', 'generale', 'generaux',
  'ugh', 'argh', 'pff', 'pfff', 'pffff', 'omg', 'oh', 'ah', 'wow', 'meh', 'bof', 'ouf', 'bah', 'euh', 'hein', 'oof', 'welp', 'sigh', 'honestly', 'franchement', 'frankly', 'repondre', 'plus', 'tant', 'tres', 'trop', 'longer', 'anymore',
]);

/** The same thing said in the other language (or slang): a phrase word matches its synonym as by stem. */
export const SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['backup', 'sauvegarde'], ['backups', 'sauvegardes'], ['applis', 'apps'], ['appli', 'app'], ['applications', 'apps'],
  ['erreurs', 'errors'], ['snapshots', 'backups'], ['snapshot', 'backup'], ['dumps', 'backups'], ['taken', 'take'], ['requeue', 'retry'], ['echoue', 'echec'], ['echouees', 'echec'], ['echoues', 'echec'], ['echouee', 'echec'], ['erreur', 'error'], ['logs', 'journaux'], ['dispo', 'available'], ['disponibles', 'available'],
  // (machine translation's false friends: "journaux" back into English, and "logs" read as wood)
  ['newspapers', 'journaux'], ['buches', 'logs'], ['saves', 'backups'],
  // (« un instantané »: a snapshot, in French)
  ['instantane', 'sauvegarde'], ['instantanes', 'sauvegardes'],
  // ("is gitlab okay now?": the long spelling of "ok", which every phrase of "ok" reads)
  ['okay', 'ok'],
  // ("ls bkp nc": the shell's list, typed from habit)
  ['ls', 'list'],
  // (« défais la mise à jour de wordpress »: to undo is to cancel it)
  ['defais', 'annule'], ['defaire', 'annule'], ['defaites', 'annule'],
  // ("what copies of wordpress do we keep?", "the old ghost copies": a beginner's word for backups; not the singular,
  // "a copy of its state", « copie du message », which are other things)
  ['copies', 'backups'],
  // (« nos certificats sont encore valables ? »: formal French's "valid")
  ['valables', 'valides'], ['valable', 'valide'],
  // (« l'inventaire des applications »: the list of them)
  ['inventaire', 'liste'],
]);

/** Words that turn a request around ("don't restore", "ne restaure pas", "inutile de sauvegarder"): never run on them. */
// ("interdiction de mettre à jour…", "updating is forbidden until…")
/** "avoid restarting ghost", « évite de redémarrer ghost »: a "not" said as a verb. */
export const AVOIDING = ['avoid', 'evite', 'eviter', 'evitez', 'evitons', 'evites'];
// ("dun anyhow dismiss the registry": "don't" as Singapore's English writes it)
export const NEGATIONS = new Set(['dun', 'interdiction', 'interdit', 'interdite', 'forbidden', 'prohibited', 'not', "don't", 'dont', "doesn't", "didn't", "isn't", "aren't", "won't", "wouldn't", 'wouldnt', "shan't", 'shant', "mustn't", 'mustnt', "shouldn't", 'shouldnt', 'never', 'ne', 'pas', 'jamais', 'n', 'without', 'sans', 'stop', 'inutile', 'needless', 'pointless', ...AVOIDING]);

/** Where a message's sentences part: after a full stop, a "!" or a "?", before the next word. */
export const SENTENCE_BREAK = /(?<=[.!?])\s+(?=\S)/u;

/** Words that say the language (beyond the command phrases it used). */
const FRENCH = new Set([
  'le', 'la', 'les', 'de', 'du', 'des', 'pour', 'moi', 'mon', 'ma', 'mes', 'stp', 'svp', 'merci', 'tu', 'vous', 'peux', 'est', 'sont', 'je',
  'et', 'sur', 'avec', 'dans', 'hier', 'aujourdhui', 'quel', 'quelle', 'quelles', 'quels', 'comment', 'ce', 'cette', 'une', 'un', 'pas',
  'qui', 'fais', 'peut', 'bonjour', 'salut', 'pourrais', 'dernier', 'derniere', 'matin', 'nuit', 'soir', 'vendredi', 'lundi', 'mardi',
  'mercredi', 'jeudi', 'samedi', 'dimanche', 'sauvegarde', 'sauvegardes', 'journaux', 'redemarre', 'restaure', 'deploie', 'aussi', 'pareil',
  'l', 'd', 'qu', 'c', 'j', 'ca', 'plait', 'au', 'aux', 'en', 'y', 'a', 'ou', 'quoi', 'maintenant', 'lance', 'installe', 'mets', 'jour',
]);
const ENGLISH = new Set([
  'the', 'of', 'for', 'me', 'my', 'please', 'can', 'you', 'is', 'are', 'what', 'which', 'show', 'and', 'yesterday', 'this', 'with', 'on',
  'how', 'do', 'i', 'we', 'it', 'to', 'from', 'last', 'morning', 'night', 'friday', 'monday', 'tuesday', 'wednesday', 'thursday', 'saturday',
  'sunday', 'could', 'would', 'thanks', 'up', 'all', 'everything', 'logs', 'back', 'bring', 'get', 'give', 'does', 'did', 'an', 'a', 'too',
]);

/** Politeness that bothers someone ("could I trouble you"), no trouble to look at. */
const TROUBLE = new Set(['trouble', 'bother', 'deranger']);

export interface SentenceWord {
  /** Normalised: lower case, no accents, no surrounding punctuation. */
  text: string;
  stop: boolean;
  /** Typed with a final é (redémarré, restauré): a French past participle, lost once accents are dropped. */
  participle?: boolean;
  /** A French gerund (« en nettoyant les sauvegardes »): the verb in -ant that says how, as its verb would. */
  gerund?: boolean;
}

/** Whether the text, lowercased, holds one of `parts` (lowercase): a cheap test before a regex that needs one of them. */
export function holdsAny(text: string, parts: readonly string[]): boolean {
  const low = text.toLowerCase();
  return parts.some((p) => low.includes(p));
}
/** Modals that ask something of the one addressed ("can you…", « tu peux… »), and the words for that one. */
export const ASKING_MODALS: ReadonlySet<string> = new Set(['can', 'could', 'would', 'will', 'peux', 'pourrais', 'pouvez', 'pourriez']);
export const ADDRESSEE: ReadonlySet<string> = new Set(['you', 'u', 'tu', 'vous']);

const NOT_ASCII = /[^\u0000-\u007f]/;
export function normalise(word: string): string {
  // (most words and messages are plain ASCII, with no accent to drop: lower case is all they need)
  return NOT_ASCII.test(word) ? word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase() : word.toLowerCase();
}

// Reading one message splits the same texts into words several times (the message, its clauses, its last sentence,
// the message without its "please"): within one reading each text is split once. Only within one, so that the bot
// keeps nothing of what it read; callers never change the words they are given.
let splitOnce: Map<string, SentenceWord[]> | undefined;

/** Runs `read` with each text split into words once (nested calls share the outer one's). */
export function withinOneReading<T>(read: () => T): T {
  if (splitOnce) return read();
  splitOnce = new Map();
  try {
    return read();
  } finally {
    splitOnce = undefined;
  }
}

/** The words of a sentence, normalised; values such as 5.116.2, 10:15 and file names stay one word. */
/** French sizes said after a number (« 3,8 Go »), read as their English units. */
const SIZE_UNITS = new Map([['go', 'gb'], ['mo', 'mb'], ['ko', 'kb']]);
export function sentenceWords(text: string): SentenceWord[] {
  const known = splitOnce?.get(text);
  if (known) return known;
  const out = splitWords(text);
  splitOnce?.set(text, out);
  return out;
}

function splitWords(text: string): SentenceWord[] {
  const clean = sanitize(text)
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/aujourd'hui/g, 'aujourdhui')
        // (« s'il te plaît » is one word; « redémarre ghost s'il replante » says "if it": a condition)
    .replace(/\bs'il\b(?!\s+(?:te|vous)\s+pla)/g, 'si il')
    // (« s'ils sont entrés dans gitlab aussi, … »: "if they")
    .replace(/\bs'ils\b/g, 'si ils')
    .replace(/\bs'il\b/g, 'sil')
    // (« la lettre morte n°21 », « n° 3 »: a number's sign)
    .replace(/(^|[\s(])n[°º]\s*(?=\d)/gu, '$1');
  const out: SentenceWord[] = [];
  for (const typed of clean.split(/[\s,;!?()«»"“”]+/u)) {
    // "remove ghost + its data", "vire ghost + ses données": a "+" or "&" said for "and" (in the sentence's language, below)
    if (typed === '+' || typed === '&') {
      out.push({ text: '+', stop: true });
      continue;
    }
    const participle = /\p{L}{3}é(e?s?)$/u.test(typed.replace(/[^\p{L}\p{N}]+$/gu, ''));
    let w = normalise(typed).replace(/^[^\p{L}\p{N}-]+|[^\p{L}\p{N}]+$/gu, '');
    if (!w) continue;
    // French elisions: l'app, d'hier, qu'est-ce, n'est, j'ai
    const el = /^(l|d|j|qu|n|s|c|m|t)'(.+)$/.exec(w);
    const parts = el ? [el[1]!, el[2]!] : [w];
    for (let p of parts) {
      p = p.replace(/'s$/, ''); // ghost's logs
      // French imperatives with a pronoun: redemarre-le, restaure-la, sauvegarde-les
      const imp = /^(.+?)-(le|la|les|moi|lui|leur|toi|nous|vous)$/.exec(p);
      if (imp && imp[1]!.length > 2) {
        out.push({ text: imp[1]!, stop: STOPWORDS.has(imp[1]!) }, { text: imp[2]!, stop: true });
        continue;
      }
      w = SPELLINGS.get(p) ?? p;
      // ("sauvegarde de gitlab finie, 3,8 Go": a French size after a number, « Go », « Mo », is no "go" that asks)
      if (SIZE_UNITS.has(w) && /^\d+(?:[.,]\d+)?$/.test(out.at(-1)?.text ?? '')) w = SIZE_UNITS.get(w)!;
      out.push({ text: w, stop: STOPWORDS.has(w), ...(participle ? { participle } : {}) });
    }
  }
  // (in French only: "give the registry a bounce" has an article "a")
  const fr = languageOf(out, [], 'en') === 'fr';
  // (and « effectuee », « terminees »: the -ée(s) an accented word is known by, typed without its accents)
  const noAccents = fr && !/[\u00c0-\u024f]/u.test(clean);
  if (fr) out.forEach((w, i) => (afterAuxiliary(out, i, w.text) || UNACCENTED_EE.test(w.text) || (noAccents && toldVerbFirst(out, i, w.text))) && (w.participle = true));
  if (fr) out.forEach((w, i) => out[i - 1]?.text === 'en' && /ant$/.test(w.text) && (w.gerund = true));
  // ("could I trouble you for…", "sans vouloir vous déranger": politeness, no "trouble" to look at)
  out.forEach((w, i) => TROUBLE.has(w.text) && ['you', 'vous', 'te'].includes(out[i + (w.text === 'deranger' ? -1 : 1)]?.text ?? '') && (w.stop = true));
  // ("volunteers can't log in", "nobody can log into wekan", "logged out": signing in, no logs to show; "the log in
  // wekan" keeps its article and is the log)
  out.forEach((w, i) => SIGN_IN.has(w.text) && ['in', 'into', 'out', 'on'].includes(out[i + 1]?.text ?? '') && (w.text !== 'log' || (out[i + 1]!.text !== 'on' && !LOG_ARTICLES.has(out[i - 1]?.text ?? ''))) && (w.stop = true));
  // ("if it's no trouble", "if it isn't a problem", « si ce n'est pas un problème »: politeness, no trouble to look at)
  out.forEach((w, i) => POLITE_TROUBLE.has(w.text) && out.slice(Math.max(0, i - 6), i).some((x) => x.text === 'if' || x.text === 'si') && out.slice(Math.max(0, i - 4), i).some((x) => ['no', 'not', "isn't", 'pas', 'aucun', 'too'].includes(x.text)) && (w.stop = true));
  // ("met a jour wordpress stp": the imperative typed without its s, as on a phone; "on met à jour" keeps its subject)
  // (and « remet ghost comme lundi dernier stp »: « remets » typed the same way)
  if (fr) out.forEach((w, i) => (w.text === 'met' || w.text === 'remet') && !['il', 'elle', 'on', 'qui', 'ca', 'ils', 'elles', 'je', 'j', 'tu'].includes(out[i - 1]?.text ?? '') && (w.text = `${w.text}s`));
  // (a French word after it says French when the sentence alone does not: "vire ghost + ses données")
  out.forEach((w, i) => w.text === '+' && (w.text = fr || FRENCH_AFTER_AND.has(out[i + 1]?.text ?? '') ? 'et' : 'and'));
  return out;
}

/** Forms of "log" that, before "in", "into", "out", say signing in ("log in", "logged in", "logging out"). */
const SIGN_IN = new Set(['log', 'logged', 'logging']);
const LOG_ARTICLES = new Set(['the', 'a', 'this', 'that', 'its', 'his', 'their', 'our', 'my', 'any', 'each', 'every']);
/** What a polite "if it's no …" is about ("trouble", "bother", "problem", « problème », « souci »). */
const POLITE_TROUBLE = new Set(['trouble', 'bother', 'problem', 'hassle', 'issue', 'probleme', 'souci', 'derangement']);
const FRENCH_AFTER_AND = new Set(['ses', 'son', 'sa', 'les', 'le', 'la', 'des', 'du', 'tout', 'toutes', 'tous', 'leurs']);
/** Words typed short, as on a phone ("restore wekan from yday", "wat does rollback do", "sauvegarde tt") or on call. */
const SPELLINGS: ReadonlyMap<string, string> = new Map([
  ['yday', 'yesterday'], ['yest', 'yesterday'], ['tmrw', 'tomorrow'], ['tmr', 'tomorrow'], ['l8r', 'later'], ['wat', 'what'], ['wut', 'what'],
  ['r', 'are'], ['u', 'you'], ['ur', 'your'], ['cn', 'can'], ['shud', 'should'], ['evry', 'every'], ['evrything', 'everything'],
  ['cmds', 'commands'], ['cmd', 'command'], ['tt', 'tout'], ['px', 'peux'], ['pr', 'pour'], ['qd', 'quand'], ['auj', 'aujourdhui'],
  // an on-call engineer's shorthand ("bkp nc", "upd wekan", "pause sched nightly", "retry DLQ 14"), Quebec French
  // ("astheure", "pis")
  ['bkp', 'backup'], ['bkps', 'backups'], ['upd', 'update'], ['sched', 'schedule'], ['scheds', 'schedules'], ['dlq', 'outbox'],
  ['astheure', 'maintenant'], ['pis', 'et'],
  // French typed as SMS ('c koi', 'pk wekan redémarre ?', 'verif la sauvegarde')
  ['ttes', 'toutes'], ['tjs', 'toujours'], ['bcp', 'beaucoup'], ['planif', 'planification'], ['planifs', 'planifications'],
  ['notifs', 'notifications'], ['notif', 'notification'], ['koi', 'quoi'], ['pk', 'pourquoi'], ['pq', 'pourquoi'], ['pkoi', 'pourquoi'], ['verif', 'verifie'],
]);
/** English verbs a French sentence uses as its participle ("le backup de gitlab a fail cette nuit", "ça a crash"). */
const ENGLISH_PARTICIPLES = new Set(['fail', 'failed', 'crash', 'crashed', 'bug', 'bugged', 'freeze', 'froze', 'timeout', 'merge', 'merged', 'push', 'pushed']);
/**
 * Forms of "avoir" and "être" a participle follows (past tenses, the passive, "ghost est sauvegarde ?", "doit etre
 * redemarre", "j'aurais bien redemarre", SMS "g redemarre" for "j'ai", the subjunctive « que ghost soit redemarre »),
 * and the adverbs that may sit between.
 */
// (« merci d'avoir redémarré nextcloud », « après avoir sauvegardé »: the past infinitive)
const AVOIR = new Set(['avoir', 'a', 'ai', 'as', 'avons', 'avez', 'ont', 'avait', 'avais', 'avions', 'aviez', 'avaient', 'aurait', 'aurais', 'aurions', 'auriez', 'auraient', 'aura', 'aurai', 'g']);
const ETRE = new Set(['est', 'sont', 'suis', 'etre', 'ete', 'etait', 'etaient', 'sera', 'seront', 'serait', 'seraient', 'soit', 'soient']);
/** Adjectives "être" is often followed by (« capables », « stable », « disponible », « lente »): no verb in -er's participle. */
const ADJECTIVE_ENDING = /(?:bles?|iques?|aires?|istes?|ides?|iles?|ives?|entes?|antes?|euses?|elles?|ettes?|ines?|ires?|ores?|bres?|tres?)$/;
/** A word in -ée(s) typed without accents (the form `participle` reads on a typed « effectuée »); French sentences only. */
const UNACCENTED_EE = /^\p{L}{3,}ees?$/u;
const BETWEEN = new Set(['encore', 'deja', 'bien', 'tout', 'pas', 'jamais', 'rien', 'toujours', 'juste', 'aussi']);
const NOT_PARTICIPLES = new Set(['cette', 'toute', 'toutes', 'chaque', 'quelle', 'quelque', 'une', 'distance', 'droite', 'gauche', 'temps']);
/**
 * "la sauvegarde de gitlab a encore plante", "qui a tout casse": a participle typed without its accent, known by
 * the "avoir" before it (a word in -e, so "à la date du 29", "a partir de" are not).
 */
function afterAuxiliary(words: readonly SentenceWord[], at: number, w: string): boolean {
  // (a participle not in -é, « a disparu », « a perdu », « a pris », after "avoir" only: « est vide » is no verb)
  const inE = /^\p{L}{3,}ee?s?$/u.test(w);
  const irregular = !inE && FR_PARTICIPLES.has(w);
  if (!(inE || ENGLISH_PARTICIPLES.has(w) || irregular) || STOPWORDS.has(w) || NOT_PARTICIPLES.has(w)) return false;
  // (the words before it, `words[0..at)`, read in place: no copy of them for each word of every French message)
  let k = at - 1;
  while (k > 0 && BETWEEN.has(words[k]!.text)) k--;
  return k >= 0 && (AVOIR.has(words[k]!.text) || (!irregular && ETRE.has(words[k]!.text) && !ADJECTIVE_ENDING.test(w)));
}
/** French past participles not in -é, as typed without accents. */
const FR_PARTICIPLES = new Set(['disparu', 'disparus', 'disparue', 'perdu', 'perdue', 'perdus', 'fini', 'finie', 'pris', 'prise', 'mis', 'mise', 'vu', 'vue', 'recu', 'recue', 'rendu', 'vendu', 'attendu', 'entendu', 'repondu', 'corrompu', 'interrompu', 'ecrit', 'ecrite', 'ouvert', 'ouverte', 'sorti', 'sortie', 'parti', 'partie', 'reparti', 'compris', 'promis', 'remis', 'permis', 'admis', 'omis', 'eu', 'su', 'lu', 'connu', 'apparu', 'tenu', 'obtenu', 'retenu', 'devenu', 'revenu', 'venu', 'voulu', 'servi', 'suivi', 'choisi', 'reussi', 'rempli', 'saisi']);
/**
 * News without its « j'ai », the verb first, typed without accents (« redémarré » and « redémarre » are then one word):
 * « deja redemarre mattermost, ca change rien », « redemarre ghost deux fois, toujours 502 ». After « déjà » opening
 * the message, or with the times it was done, it is the participle. (A message typed with its accents says which.)
 */
function toldVerbFirst(words: readonly SentenceWord[], at: number, w: string): boolean {
  if (!/^\p{L}{3,}e$/u.test(w) || STOPWORDS.has(w)) return false;
  return (at === 1 && words[0]!.text === 'deja') || (at === 0 && words.slice(2, 6).some((x, i) => x.text === 'fois' && TIMES.test(words[i + 1]!.text)));
}
/** How many times (« deux fois », « 3 fois »): a count of the times something was done. */
const TIMES = /^(?:\d+|deux|trois|quatre|cinq|six|dix|plusieurs|quelques)$/u;

/** The language of a sentence, from its words and the language of the phrases it matched; ties go to `fallback`. */
export function languageOf(words: readonly SentenceWord[], phraseLangs: readonly Lang[], fallback: Lang): Lang {
  let fr = 0;
  let en = 0;
  for (const w of words) {
    if (FRENCH.has(w.text)) fr++;
    if (ENGLISH.has(w.text)) en++;
  }
  for (const l of phraseLangs) l === 'fr' ? (fr += 2) : (en += 2);
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}
