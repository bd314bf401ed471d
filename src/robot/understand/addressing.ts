// Who a message asks. A request is often made to the bot in the third person, or to "someone" in a room where the
// bot is the one who acts: "le bot pourrait sauvegarder ghost ?", "quelqu'un peut publier le rapport ?", "il faudrait
// que Summoner restaure wordpress…", "que le robot fasse une sauvegarde de tout", "qu'on nettoie les vieilles
// sauvegardes". Said to the bot as "tu", each is the request it is, so it is read that way. An inverted question
// ("le bot peut-il supprimer ghost ?") asks what the bot can do and stays a question; a message opening on another
// person's @mention ("@marc can you restart gitlab?") is not said to the bot at all. Pure.
import { isAppTypo } from './command-table.js';
import { normalise } from './words.js';

/** The bot, or anyone in the room, as the one who would do it. */
const DOER = String.raw`(?:le\s+bot|le\s+robot|summoner|quelqu['’]un)`;
/** Its modal in the third person, and the same said to "tu". */
// (« le bot saurait vérifier… ? » is the polite « pourrais-tu », as « tu sais redémarrer wekan ? » asks it)
const MODAL: Readonly<Record<string, string>> = { peut: 'peux', pourrait: 'pourrais', saurait: 'pourrais', sait: 'sais', voudrait: 'voudrais' };
// (with the verb it asks for after it: "quelqu'un sait ce que c'est ?" asks no one to do anything)
const DOER_MODAL = new RegExp(String.raw`(^|[\s,;:])${DOER}\s+(peut|pourrait|saurait|sait|voudrait)(?![-\p{L}])(?=\s+(?:(?:me|nous|m['’])\s*)?\p{L}+(?:er|ir|re)(?!\p{L}))`, 'giu');
/** "il faudrait que quelqu'un vérifie…", "que le robot fasse…", "qu'on nettoie…": a subjunctive that orders. */
const ORDERED = new RegExp(String.raw`^\s*(?:(?:il\s+)?(?:faudrait|faut)\s+)?qu(?:e\s+${DOER}|['’]\s*on|e\s+tu)\s+(\p{L}+)`, 'iu');
/** Subjunctives that are not the imperative they ask for ("fasse" is "fais"); a verb in -er's is its own. */
const IMPERATIVE: Readonly<Record<string, string>> = { fasse: 'fais', fasses: 'fais', mette: 'mets', mettes: 'mets', remette: 'remets', prenne: 'prends', reprenne: 'reprends', relise: 'relis' };
/** "est-ce que quelqu'un sait si…", "does anyone know whether…": the question after it is the one asked. */
const ANYONE_KNOWS = /^\s*(?:est-ce\s+que\s+)?quelqu['’]un\s+sait\s+si\s+|^\s*(?:does\s+)?(?:any|some)(?:one|body)\s+knows?\s+(?:if|whether)\s+/iu;

/**
 * « on lance une sauvegarde de tout », « allez, on relance les lettres mortes »: "on" and a present verb opening the
 * message is the team's "let's" (never a question, nor "on a…", "on va…", "on pourrait…", "on se…", "on veut…",
 * "on prévoit…", nor a past, future or conditional form: those tell, want or plan).
 */
const LETS = /^(\s*(?:(?:allez|aller|bon|ok|okay|alors|donc|et|maintenant|go|zou|bref|vas-y|allons-y)\s*[,!.]?\s+)*)on\s+(?!(?:a|avait|aura|aurait|est|[ée]tait|sera|va|allait|vient|venait|peut|pourrait|pourra|doit|devrait|devra|sait|se|s['’]|ne|n['’]|en|y|l['’]|le|la|les|lui|leur|m['’]|me|t['’]|te|nous|vous|dit|disait|dirait|pense|croit|verra|attend|attendait|veut|voulait|voudrait|aimerait|aime|pr[ée]voit|compte|envisage|h[ée]site|pr[ée]f[èe]re|essaie|essaye|garde|laisse|arr[êe]te|continue|reste|conna[iî]t|parle|discute|check|demande)(?![\p{L}'’-]))(\p{L}+)(?![\p{L}'’-])/iu;
/** Present forms said to "on" whose imperative differs ("fait" is "fais"). */
const LETS_IMPERATIVE: Readonly<Record<string, string>> = { fait: 'fais', met: 'mets', remet: 'remets', prend: 'prends', reprend: 'reprends', relit: 'relis', lit: 'lis' };

/**
 * "the bot should restart wekan, it's been stuck", « le bot devrait redémarrer wekan »: what the bot, named, ought to
 * do is asked of it ("the bot should have…", "… should not…" tell or refuse; « quelqu'un devrait… » stays a remark).
 */
const BOT_SHOULD = /^(\s*)(?:the\s+bot|the\s+robot|summoner)\s+should\s+(?!(?:have|not|never|be|probably|maybe)\b)(?=\p{L})|^(\s*)(?:le\s+bot|le\s+robot|summoner)\s+devrait\s+(?!(?:pas|plus|jamais|peut-[êe]tre|[êe]tre|avoir)\b)(?=(?:(?:me|nous|m['’])\s*)?\p{L}+(?:er|ir|re)(?!\p{L}))/iu;

/** "can summoner back up to S3?", "could the bot restart wekan?": the bot asked in the third person, in English. */
const ASKED_AS_IT = /\b(can|could|would|will)\s+(?:the\s+bot|the\s+robot|summoner)(?=\s+\p{L})/giu;

/** "Merci de supprimer…", "merci de ne pas redémarrer…": an e-mail's "please" (never "merci d'avoir…", thanks for what was done). */
const THANKS_TO_DO = /\bmerci\s+(?:de\s+|d['’]\s*)(?!avoir\b)(?=(?:ne|bien|me|nous|le|la|les)\b|m['’]|l['’]|\p{L}+(?:er|ir|re)\b)/giu;

/** « on te demande de redémarrer… », « je te prie de… »: the speaker asking the bot, an e-mail's "please". */
const WE_ASK_YOU = /\b(?:on|je|j['’]|nous)\s*(?:te|vous)\s+(?:demande|demandons|prie|prions)\s+(?:de\s+|d['’]\s*)(?=\p{L})/giu;

/** The message with a request made to the bot in the third person said to "tu" (or "you"). */
export function saidToTheBot(text: string): string {
  let out = text.replace(BOT_SHOULD, (_m, en?: string, fr?: string) => (en !== undefined ? `${en}please ` : `${fr ?? ''}veuillez `)).replace(ANYONE_KNOWS, '').replace(THANKS_TO_DO, 'veuillez ').replace(WE_ASK_YOU, 'veuillez ');
  const ordered = ORDERED.exec(out);
  if (ordered) {
    const verb = ordered[1]!;
    // (« que tu sauvegardes » is « sauvegarde »: a subjunctive said to "tu", of an -er verb, loses its "s")
    const own = /^que\s+tu\s/iu.test(ordered[0]) && /\p{L}{3,}es$/u.test(verb) ? verb.slice(0, -1) : verb;
    out = (IMPERATIVE[verb.toLowerCase()] ?? own) + out.slice(ordered.index + ordered[0].length);
  }
  // (« on lance une sauvegarde » is « lance une sauvegarde »; not a form that tells: « on relançait », « on a relancé »)
  const lets = out.includes('?') ? null : LETS.exec(out);
  if (lets && !/(?:ait|aient|era|erons|rait|é|ée|és|ées)$/iu.test(lets[2]!)) out = `${lets[1]}${LETS_IMPERATIVE[lets[2]!.toLowerCase()] ?? lets[2]}${out.slice(lets[0].length)}`;
  return out.replace(DOER_MODAL, (_m, lead: string, modal: string) => `${lead}tu ${MODAL[modal.toLowerCase()]!}`).replace(ASKED_AS_IT, '$1 you');
}

/**
 * A first name typed in lower case, or without its comma ("priya can you back up wekan before you touch its db?",
 * "dan did you restart ghost?", « théo, t'as sauvegardé le registry ? »): the name then a question said to "you".
 */
const NAMED_PLAIN = /^\s*(?:(?:hi|hey|hello|salut|bonjour|coucou)[\s,!]+)?(\p{L}\p{Ll}{2,15})\s*(,\s*)?(?=(?:(?:can|could|would|will|did|have|do|are)\s+(?:you|u)|(?:tu|t['’]|vous)\s*(?:peux|pourrais|as|sais|avez|pouvez|pourriez)|t['’]as|peux-tu|pourrais-tu|as-tu|avez-vous|pouvez-vous)(?![\p{L}]))/u;
/**
 * A name then a request said for when that person is free ("jay, restart ghost when u get a sec", « jay, redémarre
 * ghost quand t'as 2 sec », « Lucía, redémarre mattermost quand tu finis ton appel »): a bot is never busy, so the one
 * called is a person.
 */
// ("Tunde, restart wekan when you get network", « Moussa, redémarre wekan quand t'as le réseau »: when the person can)
const NAMED_WHEN_FREE = /^\s*(\p{L}\p{Ll}{1,15})\s*,\s*(?=.*(?<![\p{L}])(?:when\s+(?:u|you)\s+(?:get|have|find)\s+(?:a\s+)?(?:sec|second|minute|min|moment|chance|network|connection|signal|light|power)|quand\s+(?:t['’]\s*as|tu\s+as|vous\s+avez)\s+(?:\d+|deux|une|un|cinq)\s*(?:sec|secondes?|min|minutes?|instant|moment)|when\s+(?:you|u)(?:['’]re|\s+are)\s+(?:done|back|free|finished|off)|after\s+your\s+(?:call|meeting|lunch|class)|quand\s+(?:tu\s+(?:finis|as\s+fini|reviens|seras)|t['’]\s*as\s+fini|(?:tu\s+as|t['’]\s*as|tu\s+auras)\s+(?:le\s+|du\s+)?(?:r[ée]seau|connexion|courant))|apr[eè]s\s+(?:ton|ta|votre)\s+(?:appel|call|r[ée]union|d[ée]j|cours)))/iu;
/**
 * A name (capitalised) opening the message before a comma, whatever follows ("Sam, restart ghost", « Inès, supprime
 * l'ancien site stp »): in a channel the bot shares with people, a request called to someone by name is theirs.
 */
// ("Paul, your ghost needs a restart", « Paul, ton ghost a besoin d'un redémarrage »: the person's own app too)
// (after a label too: "four-eyes check: Léa, please confirm the restore of wekan…")
const NAMED = /^\s*(?:[^:,\n]{1,30}:\s+)?(?:(?:hi|hey|hello|salut|bonjour|coucou)[\s,!]+)?(\p{Lu}\p{Ll}{1,15}(?:-\p{Lu}\p{Ll}{1,15})?)\s*,\s*(?=\p{L})/u;
/** A person named with a title, opening the message after a greeting or none (« Bonjour M. Benali, », "Dear Ms Okafor,"). */
const TITLED = /^\s*(?:(?:[Bb]onjour|[Bb]onsoir|[Hh]ello|[Hh]i|[Dd]ear|[Cc]her|[Cc]h[èe]re)\s+)?(?:M\.|Mme\.?|Mlle\.?|Monsieur|Madame|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+(\p{Lu}[\p{L}-]+)\s*[,:!]/u;
const NAMED_PLEASE = /^\s*(\p{L}\p{Ll}{1,15})\s+(?:pls|plz|please|stp|svp)\s+\p{L}/iu;
/** Mattermost's built-in slash commands: what follows them is the chat's, never this bot's. */
const CHAT_SLASH = new Set(['me', 'shrug', 'away', 'online', 'offline', 'dnd', 'echo', 'msg', 'join', 'leave', 'mute', 'invite', 'kick', 'code', 'header', 'purpose', 'rename', 'search', 'settings', 'logout', 'groupmsg', 'collapse', 'expand']);
/** Words said to the bot itself as to a person ("dude can you…", « sahbi, tu peux… »), and fillers ("erm can you…"): no one else named. */
const NICKNAMES = new Set(['bestie', 'bff', 'homie', 'dude', 'buddy', 'mate', 'bro', 'bruh', 'pal', 'man', 'friend', 'sir', 'robot', 'bud', 'champ', 'fam', 'mec', 'poto', 'frérot', 'copain', 'sahbi', 'khoya', 'wesh', 'amigo', 'erm', 'hmm', 'uhm', 'umm', 'bah', 'ben', 'beh']);
/** A message to pass on to someone named: « passe le mot à Camille : », « dis à Marc de… », "note for Jens:", "tell Priya to…". */
const RELAYED = /^\s*(?:(?:passe|passez|transmets|transmettez)\s+(?:le\s+mot|le\s+message|l['’]info)\s+[àa]|(?:dis|dites|rappelle|rappelez)\s+[àa]|(?:note|message|reminder|rappel|memo)\s+(?:for|pour)|(?:tell|remind|ask)|(?:for|pour)(?=\s+\p{Lu}\p{Ll}+\s*:))\s+(\p{Lu}\p{Ll}{1,15}|@[\p{L}\p{N}._-]+)(?=\s*[:,]|\s+(?:to|de|d['’]|that|qu|que)\b)/u;
/** Words people open a message with before a comma that are no one's name ("Urgent, can you…", « Désolé, tu peux… »). */
const OPENING_WORDS = new Set(['urgent', 'quick', 'sorry', 'guys', 'team', 'folks', 'everyone', 'all', 'morning', 'evening', 'afternoon', 'thanks', 'oops', 'also', 'btw', 'well', 'actually', 'honestly', 'seriously', 'question', 'reminder', 'update', 'again', 'anyway', 'please', 'okay', 'ok', 'yes', 'no', 'yeah', 'hmm', 'ah', 'oh', 'sinon', 'désolé', 'désolée', 'pardon', 'vite', 'rapide', 'bref', 'voilà', 'alors', 'donc', 'enfin', 'attention', 'aussi', 'franchement', 'perso', 'chef', 'boss', 'dis', 'dites', 'bon', 'oui', 'non', 'euh', 'tiens', 'écoute', 'écoutez', 'svp', 'stp', 'merci', 'urgence', 'help', 'hello', 'hi', 'hey', 'yo', 'hallo', 'hola', 'hoi', 'servus', 'moin', 'namaste', 'salut', 'bonjour', 'coucou', 'today', 'tonight', 'now', 'asap', 'maintenant', 'demain', 'ce', 'là',
  // (interjections: "yalla, restart ghost when you get a chance", « zou, redémarre-moi wekan »)
  'yalla', 'habibi',
  // (an e-mail's salutation: « Madame, Monsieur, merci de… », « Bonsoir, tu peux… »)
  'bonsoir', 'hiya', 'heya', 'howdy', 'madame', 'monsieur', 'mesdames', 'messieurs', 'madam', 'dear', 'greetings', 'zou', 'slay', 'righto', 'right', 'alright', 'cheers', 'ciao', 'allez', 'té', 'vé', 'vaï', 'nope', 'sure', 'super', 'great', 'génial', 'attends', 'wait', 'lol', 'mdr', 'ptdr']);
/** A person named by a role, opening the message up to its colon or comma: "whoever's on call:", « celle qui est de garde, ». */
const ROLE = /^\s*((?:whoever(?:['’]s|\s+is)?|anyone\s+who(?:['’]s|\s+is)|the\s+(?:person|one|guy|people)\s+(?:who(?:['’]s|\s+is|\s+are)?|on)|celui\s+qui|celle\s+qui|ceux\s+qui|la\s+personne\s+(?:qui|d['’]\s*astreinte|de\s+garde)|quiconque|on-call|astreinte)\b[^:,]{0,40}?)\s*[:,]\s*(?=\S)/iu;

/**
 * The person or bot a message is addressed to when that is not this bot: an @mention that opens it (`@marc`,
 * `@here`), or another bot's command (`/giphy …`, `!remind …`: a prefix before a word that is none of this bot's
 * commands, `isCommand`).
 */
export function addressedToOther(text: string, isCommand: (word: string) => boolean, botNames: readonly string[] = ['summoner', 'bot', 'summon'], isWord: (word: string) => boolean = () => false): string | undefined {
  // ("whoever's on call: bounce mattermost", « celui qui est d'astreinte : relance mattermost »: a person named by a role)
  const role = ROLE.exec(text);
  if (role) return role[1]!.trim();
  // ("Kofi, tu peux sauvegarder gitlab quand t'as deux minutes ?", "Priya, could you restart ghost?": a person called
  // by name, then asked; not a word of the language, an app or the bot: "Please, can you…", "Ghost, tu peux…")
  // ("passe le mot à Camille : faut vérifier…", "note for Jens: verify…", "tell Marc to restart ghost": a message to pass on)
  const relay = RELAYED.exec(text);
  if (relay && !botNames.includes(relay[1]!.toLowerCase())) return relay[1]!;
  // (the bot's name mistyped, "Sumoner, t'es là ?", is the bot's)
  const isName = (w: string) => !/(?:ly|ment)$/.test(w) && !botNames.some((b) => b === w || (b.length >= 6 && isAppTypo(w, b))) && !OPENING_WORDS.has(w) && !NICKNAMES.has(w) && !isWord(normalise(w));
  const named = NAMED.exec(text);
  if (named && isName(named[1]!.toLowerCase())) return named[1]!;
  // ("Bonjour M. Benali, nous avons restauré votre nextcloud…, merci de vérifier vos fichiers", "Dear Ms Okafor, …": a
  // letter to a person named with a title)
  const titled = TITLED.exec(text);
  if (titled) return titled[1]!;
  const plain = NAMED_PLAIN.exec(text);
  if (plain && isName(plain[1]!.toLowerCase())) return plain[1]!;
  // ("julie pls restart wekan when you can", « julie stp redémarre wekan »: a name, then the word that asks)
  const pleaded = NAMED_PLEASE.exec(text);
  if (pleaded && isName(pleaded[1]!.toLowerCase())) return pleaded[1]!;
  const free = NAMED_WHEN_FREE.exec(text);
  if (free && isName(free[1]!.toLowerCase())) return free[1]!;
  // (after a greeting too: "hi, @jane please restart wekan")
  const m = /^\s*(?:(?:hi|hey|hello|salut|bonjour|coucou)[\s,!]+)?([@/!])([\p{L}\p{N}._-]+)/iu.exec(text);
  if (!m) return undefined;
  const name = m[2]!.toLowerCase().replace(/[._-]+$/, '');
  // (Mattermost's own slash commands, "/me restarts wekan and prays": an emote of the speaker, even where a word of
  // ours, whoami's "me", is the same)
  if (m[1] === '/' && CHAT_SLASH.has(name)) return `/${m[2]}`;
  if (botNames.includes(name) || (m[1] !== '@' && isCommand(name))) return undefined;
  return `${m[1] === '@' ? '@' : m[1]}${m[2]}`;
}
