// Idioms that say a plain verb in other words, made plain before the message is read: looking ("have a squiz at the
// ghost logs", "have a butcher's at", "take a gander at", « jette un œil à la boîte d'envoi », « jeter un coup d'œil
// sur ») is showing, never the verb the idiom borrows (« jette » is no drop of the outbox); "pop a backup on" (British)
// is doing one; turning a schedule back on is resuming it; the things the bot ran are its commands; turning it off and on again (« éteins-le et rallume-le ») is a restart (turning off alone never is); "when you get a sec", « quand tu as deux minutes » and "any chance of…" only ask politely (a "please",
// no moment to wait for, no "get" or "have" to read); « c'est comment avec gitlab ? » asks how it goes; « …, balance »
// (spit it out) shows; « procéder à » and "proceed with" only say "do" before the act's noun; logging someone in or out
// is signing, no `logs`; checking with someone is conferring, no `status`; « qu'est-ce qui se passe si … » is
// « qu'arrive-t-il si … », no « passe » of update's or status's;  what "is deployed" runs; a condition said by "should" before its subject is an "if". The idiom's own words go, the
// request stays as said. Pure.

/** Looking at something: the show it asks for. */
const LOOK = /\b(?:(?:have|take|get)\s+(?:a\s+)?(?:quick\s+|little\s+|wee\s+)?(?:look|squiz|butcher['’]?s|gander|dekko|peek|peep|shufti|squint)\s+(?:at|in|into|over)|(?:jette|jetez|jeter|jetons)\s+(?:un\s+)?(?:petit\s+)?(?:(?:coup\s+d['’]\s*)?(?:œ|oe)il)\s+(?:à|a|au|aux|sur|dans))(?=\s)/giu;
/** "pop a backup of ghost on": the British "put on", doing it. */
const POP_ON = /\bpop\s+(an?\s+(?:\p{L}+\s+)?(?:backup|snapshot|restart)\b[^,.;!?]*?)\s+on\b/iu;

/** "turn it off and on again", "switch wekan off and back on", « éteins-le et rallume-le »: a restart (turning off alone is no restart). */
const OFF_AND_ON = /\b(?:turn|switch|power)\s+(?:off\s+((?:[\p{L}\p{N}_.-]+\s+){0,2}?)|((?:[\p{L}\p{N}_.-]+\s+){0,2}?)off\s+)(?:and|then|&|\+)\s+(?:(?:back|it|them)\s+)*on(?:\s+again)?\b/giu;
const OFF_AND_ON_FR = /\b(?:[ée]tein(?:s|dre|t)|coupe[rz]?)((?:-le|-la|-les)?\s+(?:(?:[\p{L}\p{N}_.-]+)\s+){0,2}?)(?:et|puis|\+)\s+(?:(?:le|la|les|l['’]|re)\s*)?rallum(?:e|er|ez)(?:-le|-la|-les)?\b/giu;

/**
 * "turn the nightly-registry schedule back on", "switch that job back on", "turn back on the weekly schedule": a
 * schedule's resume (said of a schedule, a job or a task only: "turn ghost back on" is no schedule's).
 */
/** "kindly revert on the gitlab downtime mail" (Indian English: reply): an answer to write, no rollback. */
export const REVERT_ON_MAIL = /\brevert\s+(?:back\s+)?(?:on|to)\s+(?=(?:the|this|that|my|our|his|her|their)\s+(?:[\p{L}\p{N}_.-]+\s+){0,3}?(?:mail|email|e-mail|mails|emails|thread|message|query|ticket|post|comment)\b)/iu;
/** "… and revert back to me once done", "pls get back to us": an answer asked for (Indian English "revert"), no rollback. */
const REPLY_TO_ME = /[\s,;]*(?:\b(?:and|then|&)\s+)?(?:\b(?:kindly|please|pls)\s+)?\b(?:revert|get|come|report)\s+back\s+to\s+(?:me|us)\b(?:\s+(?:once|when|after)\s+(?:it\s+is\s+|it['’]s\s+|its\s+)?(?:done|finished|complete|completed|over))?/giu;
/** "turn ghost back on", "switch it back on", "turn back on wekan": brought back up (a summon), never "turn back" (a rollback). */
const APP_BACK_ON = /\b(?:turn|switch|power)\s+(?:back\s+on\s+((?:the\s+)?[\p{L}\p{N}_.-]+)|((?:the\s+)?[\p{L}\p{N}_.-]+)\s+back\s+on)(?=\s*(?:$|[,.!?;]|please|pls|now|asap|again))/giu;
const BACK_ON = /\b(?:turn|switch|put)\s+(?:back\s+on\s+((?:the\s+|that\s+|this\s+|our\s+)?(?:[\p{L}\p{N}_.-]+\s+){0,2}?(?:schedule|job|cron|task)s?\b)|((?:the\s+|that\s+|this\s+|our\s+)?(?:[\p{L}\p{N}_.-]+\s+){0,2}?(?:schedule|job|cron|task)s?(?:\s+[\p{L}\p{N}_.-]*[-_\d][\p{L}\p{N}_.-]*)?)\s+back\s+on\b)/giu;

/** « c'était laquelle la dernière bonne sauvegarde de nextcloud ? »: which backup was good, a question the list answers
 *  ("which was the last good backup of nextcloud?" already is), not a check to run. */
const LAST_GOOD_FR = /\b(?:c['’]\s*[ée]tait\s+)?(?:laquelle|quelle\s+(?:est|[ée]tait))\s+la\s+derni[eè]re\s+bonne\s+sauvegarde\s+(?:de\s+|d['’]\s*)([\p{L}\p{N}-]+)/giu;
/** "before i say yes, explain restore ghost last friday": the asker's own moment, before what is to be explained. */
const BEFORE_I_SAY_YES = /^\s*before\s+i\s+(?:say\s+yes|confirm|do\s+(?:it|that)|run\s+(?:it|that)|dare)\s*,\s*(?=explain\b)/iu;
/** "the last 20 things you ran", "last few things you did": the last commands the bot ran, history's words. */
const THINGS_RUN = /(?<=\blast\s+(?:\d+\s+|few\s+|couple\s+(?:of\s+)?)?)things(?=\s+(?:that\s+)?(?:(?:you|u)\s+(?:ran|did|executed|launched|have\s+run|['’]ve\s+run|have\s+done|['’]ve\s+done)|(?:were|got|have\s+been)\s+(?:done|run)|done)\b)/giu;

/** "when you get a sec", "whenever you have a minute", « quand tu as deux minutes », « quand t'auras un moment ». */
const WHEN_FREE = /\b(?:when(?:ever)?\s+(?:you|u)\s+(?:get|have|got|find)\s+(?:a\s+)?(?:sec|second|minute|min|moment|mo|tick|jiffy|chance|spare\s+\w+|few\s+\w+)|quand\s+(?:tu\s+(?:as|auras)|t['’]\s*(?:as|auras)|vous\s+(?:avez|aurez))\s+(?:une|un|deux|cinq|2|5)\s+(?:minutes?|secondes?|sec|moment|instant|min))\b/giu;
/** "any chance of a backup…", "any chance you could…": asking. */
const ANY_CHANCE = /\bany\s+chance\s+(?:of|you\s+(?:could|can)|u\s+(?:could|can))\s+/giu;

/** « c'est comment avec gitlab ? » (how are things with it): « comment va gitlab ? ». */
const HOW_WITH = /\bc['’]\s*est\s+comment\s+(?:avec|pour)\s+/giu;

/** « balance » (spit it out), said of what to show, at the end after a comma or at the start before an article. */
const BALANCE = /(,\s*)balance(?:-moi|-les|-la|-le)?(?=\s*[!.]*\s*$)|^(\s*)balance(?:-moi)?(?=\s+(?:les|la|le|l['’]|tes|ton|ta|ce|ces)\b)/iu;

/**
 * "…, run it now", "…, do it please", « …, lance-la maintenant », « …, fais-le »: a verb that only says "do it", in a clause of
 * its own, with a pronoun for what the message named before it (« une sauvegarde fraîche de wordpress, lance-la »): the
 * "please" it means, never a verb of its own (« lance » is also summon's, "run" also a state).
 */
const DO_IT = /([,;]\s*)(?:(?:and|et|then|puis|alors|so|donc)\s+)?(?:run|launch|trigger|execute|do|lance[zr]?|d[ée]clenche[zr]?|ex[ée]cute[zr]?|fais|faites)(?:\s+it|\s+that|-la|-le|-l[àa]|\s+[çc]a)(?=\s*(?:now|right\s+now|asap|please|pls|stp|svp|maintenant|tout\s+de\s+suite|de\s+suite|[!.]|$))/giu;

/** A purpose opened in the sentence before a moment ("… so we see it coming", « … pour qu'on le voie venir »). */
const PURPOSE_BEFORE = /\S\s+(?:so|so\s+that|in\s+order\s+that|pour\s+que|pour\s+qu['’]|afin\s+que|afin\s+qu['’])\s*[^,.;!?]*$/iu;
/** "next time", « la prochaine fois »: later, a moment; its "next" is no word of a phrase (« prochaine sauvegarde » is schedules'). */
const NEXT_TIME = /\b(?:the\s+)?next\s+time\b|\b(?:la\s+)?prochaine\s+fois\b/giu;

/**
 * « veuillez procéder à la sauvegarde de… », « que vous procédiez au retrait de… », "please proceed with the restart of…":
 * the administrative "do", before the noun of the act (an infinitive or an imperative only: « j'ai procédé à… » tells).
 */
const PROCEED_FR = /\bproc[ée]d(?:er|ez|iez)\s+(?:[àa]\s+(la\s+|l['’]\s*|une\s+|un\s+)|(au)\s+|(aux)\s+)/giu;
/** (« procéder au retrait de »: the act's noun that no command's phrase says, « retirer » being dismiss's verb) */
const PROCEED_WITHDRAW = /\bproc[ée]d(?:er|ez|iez)\s+au\s+retrait\b/giu;
const PROCEED_EN = /\bproceed\s+(?:with|to)\s+(?=(?:the|a|an)\s)/giu;

/** "log everyone out", "logged in", "log in to gitlab": signing in or out, never the `logs` of an app. */
const LOG_IN_OUT = /\b(?:log|logs|logged|logging)\s+((?:everyone|everybody|me|us|them|him|her|you|people|users|all\s+users|the\s+users)\s+)?(out|off)\b|\b(?:logged|logging)\s+(in)\b|\blog\s+(in)(?=\s+(?:to|on|with|as)\b)/giu;

/** "check with him first", « je vérifie d'abord avec lui »: asking a person, never the `status` of an app. */
const CHECK_WITH = /\b(?:check|checking|checked|v[ée]rifie|v[ée]rifier|v[ée]rifions)\s+(?:(?:first|d['’]\s*abord)\s+)?(with|avec)\s+(?=(?:him|her|them|me|us|someone|somebody|my\s+\p{L}+|the\s+team|lui|elle|eux|quelqu['’]\s*un|mon\s+\p{L}+|ma\s+\p{L}+|l['’]\s*[ée]quipe)\b)/giu;

/** « qu'est-ce qui se passe si… », « que se passe-t-il si… »: what doing it would do, asked; its « passe » is no verb of update's or status's. */
const WHAT_HAPPENS_FR = /\b(?:qu['’]\s*est[-\s]ce\s+qui\s+se\s+passe(?:rait)?|que\s+se\s+passe(?:-t-il|rait-il)?|qu['’]\s*est[-\s]ce\s+qui\s+arrive(?:rait)?|qu['’]\s*arrive(?:rait)?-t-il)\s+(?=si\b|s['’]\s*il)/giu;

/** "what apps are deployed?", « quelles applis sont installées ? »: deployed, as a state, is running (status), never what can be (list). */
const DEPLOYED = /\b(?:(are|is|['’]s)|(sont|est))\s+((?:currently|actuellement|already|d[ée]j[àa])\s+)?(?:deployed|installed|d[ée]ploy[ée]e?s?|install[ée]e?s?)(?![\p{L}-])/giu;
/** "is wekan deployed?", "is the registry installed yet?": the same, asked with the app between. */
const DEPLOYED_ASKED = /^(\s*(?:is|are)\s+(?:[\p{L}\p{N}_.-]+\s+){1,2}?)(?:deployed|installed)(?![\p{L}-])/iu;

/**
 * "should mattermost go down during the demo, restart it right away", "should the backup fail, run it again": the
 * condition said by "should" before its subject, in a clause of its own, is an "if" (never "should I/we…", which asks
 * advice, nor a question, nor "should restart ghost").
 */
const SHOULD_IF = /^(\s*)should\s+(?!(?:i|we|you|u|he|she|they|one|us|not)\b)(?=[^?,;:]+[,;:][^?]*$)/iu;

/** The message with its idioms said plainly. */
/** "back up" after a word that makes it a thing ("the latest back up", "last night's back ups"). */
const NOUN_BACK_UP = /\b(latest|last|newest|previous|oldest|nightly|daily|weekly|manual|night['’]s|morning['’]s|monday['’]s|friday['’]s|yesterday['’]s|recent|good|old|the|a|any|our|your|my|its|each|every|no)\s+back\s+up(s?)\b/giu;
/** "list the back ups of ghost", « liste les sauve gardes », « sauve garde tout »: a plural "back ups" is only ever the
 *  noun, and « sauve garde » only ever « sauvegarde », split by a phone's autocorrect. */
const SPLIT_BACKUPS = /\bback[\s-]+ups\b/giu;
const SPLIT_SAUVEGARDE = /\bsauve[\s-]+garde(s?)\b/giu;
/** git's "force push", "force-pushed". */
const FORCE_PUSH = /\bforce[- ]?push(?:ed|ing|es)?\b/giu;
/** « la toute dernière », « le tout dernier »: « toute » only says how much. */
const VERY_LAST = /\btou(?:te|t)\s+(derni[eè]re?s?)\b/giu;

/**
 * "restore it into a throwaway db", "make sure they actually restore", « restaure-la dans une base jetable »: a restore
 * where nothing live is touched, or whether one would work: what `verify` does (the live restore is never meant).
 */
const TRIAL_RESTORE = /\brestore\s+((?:[\p{L}\p{N}_.'’-]+\s+){0,5}?)(?:in|into|to|on)\s+(?:a|an|some)\s+(?:throw[\s-]?away|scratch|temp(?:orary)?|test|spare|disposable|fresh|sandbox)\s+(?:db|database|instance|server|copy)\b|\b(?:make\s+sure|check|see|confirm)\s+(?:that\s+)?(?:they|it|the\s+(?:dumps?|backups?))\s+(?:(?:actually|really|would|will|can|do|does)\s+)*restores?\b|\brestaur(?:e|er|ez)(?:-la|-le|-les)?\s+((?:[\p{L}\p{N}_.'’-]+\s+){0,6}?)(?:dans|sur)\s+une\s+(?:base|bdd|instance|copie)\s+(?:jetable|temporaire|de\s+test|bidon|vierge)\b/giu;

/**
 * "do a restore test of wordpress from november 20", "test-restore wekan's backup", « test de restauration de wekan »,
 * « teste la restauration de mattermost »: a restore tried, which `verify` does in a throw-away database.
 */
const RESTORE_TEST = /\b(?:(?:do|run|perform)\s+(?:a\s+)?)?(?:test[\s-]?restore|(?:restore|restoration|recovery)[\s-]test(?:\s+(?:of|on|for))?|trial\s+restore(?:\s+(?:of|on|for))?)(?=\s)|\b(?:(?:fai[st]?|faites|lance[sz]?|faire|lancer)\s+(?:un\s+)?)?(?:test\s+de\s+restaur(?:ation|e)|teste[rz]?\s+la\s+restauration)(?:\s+(?:de|du)(?=\s))?/giu;
/** « avant hier » typed without its hyphen (« restore registry d'avant hier »): the one word the commands read. */
const AVANT_HIER = /\bavant\s+hier\b/giu;
/** "how far back do the nextcloud backups go", « la plus vieille sauvegarde de nextcloud qu'on a encore ? »: how old the backups left are, their listing. */
const HOW_FAR_BACK = /\bhow\s+far\s+back\s+(?:do|does)\s+(?:the\s+|our\s+)?([\p{L}\p{N}_.-]+)\s+backups?\s+go\b|\b(?:la\s+)?plus\s+(?:vieille|ancienne)\s+sauvegarde\s+de\s+([\p{L}\p{N}_.-]+)(?:\s+qu['’]\s*on\s+a(?:\s+encore)?|\s+qui\s+reste|\s+dispo(?:nible)?)?(?=\s*\?)/giu;
/** "are the wekan backups ok?": how an app's backups are doing, asked of them all, is their listing (one backup's soundness is `verify`'s). */
const BACKUPS_OK = /\b(?:are|r)\s+(?:the\s+|our\s+|all\s+(?:the\s+)?)?([\p{L}\p{N}_.-]+)\s+backups\s+(?:ok|okay|good|fine|alright|all\s+right)\b/giu;
/** "can you check the wordpress backups": all of an app's backups looked at, in the plural, is their listing. */
const CHECK_BACKUPS = /\b(?:check|look\s+at|go\s+through)\s+(?:the\s+|our\s+|all\s+(?:the\s+)?)?(?:([\p{L}\p{N}_.-]+)\s+backups|backups\s+of\s+([\p{L}\p{N}_.-]+))\b(?!\s+(?:from|of\s+(?:yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d)))/giu;
/** "whats the checksum of the ghost backup from earlier", "can u check if the gitlab backup finished": a backup's facts
 *  and whether it ended are in the listing (its soundness is `verify`'s). */
const BACKUP_FACT = /\bwhat(?:'?s|\s+is|\s+was)\s+the\s+(?:checksum|sha(?:256)?|hash|size|date|time|age)\s+of\s+(?:the\s+|our\s+)?([\p{L}\p{N}_.-]+)\s+backup\b|\b(?:check|see|tell\s+me)\s+(?:if|whether)\s+(?:the\s+|our\s+)?([\p{L}\p{N}_.-]+)\s+backup\s+(?:finished|completed|is\s+done|went\s+through|ran|succeeded|is\s+over)\b/giu;
/** "pleeease tell me there's a backup of mattermost from yesterday", « dites-moi qu'on a une sauvegarde de wordpress »:
 *  whether one exists, asked (the listing's), never one to take. */
const TELL_ME_ONE_EXISTS = /\b(?:(?:ple+a*s+e*|pl[sz])\s+)?(?:(tell\s+me)\s+(?:that\s+)?(?:there['’]?s|there\s+is|there\s+are|we\s+(?:still\s+)?(?:have|got))|di(?:tes|s)[-\s]moi\s+(?:qu['’]\s*(?:on|il\s+y)\s+a|que\s+nous\s+avons))(?=\s+(?:(?:still|bien|encore)\s+)?(?:a|an|some|une|des)\s+(?:[\p{L}\p{N}_.'’-]+\s+){0,2}?(?:backup|sauvegarde|dump)s?\b)/giu;
/** "oldest wekan backup we still have?": which backups are left, the listing's ("which is the oldest wekan backup?"). */
const BACKUP_LEFT = /\b(?:the\s+)?(oldest|earliest|newest|first)\s+((?:[\p{L}\p{N}_.-]+\s+){0,2}?)backup((?:\s+of\s+[\p{L}\p{N}_.-]+)?)\s+(?:we\s+(?:still\s+)?(?:have|got|keep)|(?:still\s+)?left|still\s+around)(?=\s*\?)/giu;
/** "does the wordpress backup of 2026-11-25 restore cleanly?": whether a backup restores is what `verify` tries. */
const RESTORES_CLEANLY = /\bdoes\s+(the\s+(?:[\p{L}\p{N}_.-]+\s+){0,2}?backup(?:\s+(?:of|from)\s+[\p{L}\p{N}_.-]+){0,2})\s+restore\s+(?:cleanly|ok|okay|fine|properly|correctly)\s*\?/giu;
/** "load mattermost's dump from 2026-11-30 into the fresh one", « recharge le dump de mattermost du 30/11 »: a dump loaded is a restore. */
const LOAD_DUMP = /\b(?:(load|reload|re-?import|import)|(charge|recharge|r[ée]importe|importe))(?=\s+(?:[\p{L}\p{N}_.'’-]+\s+){0,3}?(?:dump|backup|sauvegarde)s?\b)/giu;
/**
 * "make sure the ghost backup isnt corrupt", « vérifie que la sauvegarde de ghost est pas corrompue »: whether a backup
 * is sound is what `verify` checks (a fresh backup never answers it).
 */
const BACKUP_SOUND = /\b(?:(?:make\s+sure|check|ensure|confirm)\s+(?:that\s+)?((?:the\s+|our\s+)?(?:[\p{L}\p{N}_.'’-]+\s+){0,2}?(?:backup|dump)s?(?:\s+of\s+[\p{L}\p{N}_.-]+)?)\s+(?:is|are|isn['’]?t|aren['’]?t|is\s+not|are\s+not)\s+(?:corrupt(?:ed)?|good|valid|ok|okay|intact|restorable|broken|usable|sound)|(?:v[ée]rifie[rz]?|assure-toi|contr[ôo]le)\s+(?:que|si)\s+((?:la\s+|les\s+)?(?:sauvegarde|backup|dump)s?(?:\s+de\s+[\p{L}\p{N}_.-]+)?)\s+(?:est|sont|n['’]est)\s+(?:pas\s+)?(?:corrompue?s?|bonnes?|valides?|ok|intacte?s?|restaurables?|utilisables?))\b/giu;

/** "need 8 wordpress tasks": the count said before the app, put after it ("wordpress 8 tasks"). */
const COUNT_BEFORE_APP = /\b(\d{1,2})\s+([\p{L}][\p{L}\p{N}-]*)\s+(tasks?|instances?|replicas?|containers?|copies)\b/giu;
/** « redescends ghost à 1 », « remonte wekan à 3 »: a count of tasks to go down or up to, scale's. */
const DOWN_UP_TO = /\b(?:redescends?|descends?|(?:re)?passe[sz]?|remonte[sz]?|augmente[sz]?|baisse[sz]?|r[ée]dui[st])\s+([\p{L}][\p{L}\p{N}-]*)\s+[àa]\s+(\d{1,2})(?![\d.:hH]|,\d)\b/giu;

/** "users are not able to login", "we were unable to upload": what cannot be done, said as "can't" (a symptom, no "not" on the request). */
const NOT_ABLE = /\b(?:(is|are|am)|(was|were))\s+(?:not\s+able|unable)\s+to\b/giu;
/** « vérifie si le certif de wordpress vient de let's encrypt », "check if the wordpress cert is letsencrypt": a certificate looked at, never a backup verified. */
const CERT_CHECKED = /\b(?:(v[ée]rifie[rz]?|contr[ôo]le[rz]?|checker)\s+(?:si\s+|que\s+)?|check\s+(?:if|whether)\s+)(?:le\s+|la\s+|les\s+|l['’]|the\s+|our\s+|nos\s+)?(?:[\p{L}\p{N}_.-]+\s+)?(?=(?:certifs?|certificats?|certs?|certificates?|certifcates?|certifcate)\b)/giu;
/** A line to explain is kept as typed (« explique passe ghost à 3 réplicas »). */
const EXPLAIN_FIRST = /^\s*(?:explain|explique[rz]?)\b/iu;
/** "ok the spike is over, back to one for wordpress": one instance again (a version said "back to" has its verb, kept). */
const BACK_TO_ONE = /\bback\s+(?:down\s+)?to\s+one(?=\s+(?:for|on)\b|\s*[,.!?]|\s*$)/giu;
/** Words of a version gone back to ("revert wordpress back to one"): its "back to" is no count. */
const VERSION_TALK = /\b(?:roll|revert|downgrade|version|release|rollback|undo)/iu;

/** « vérifie si wekan est en ligne », "check whether ghost is up", "control if wordpress is running" (a false friend): whether an app is up is its state, never a `verify` of its backup. */
/** « vérifie l'état de nextcloud », « tu peux vérifier son état ? »: a state looked at, not a backup verified. */
const CHECK_STATE = /\bv[ée]rifi(?:e[rsz]?|ez)\s+(son|l['’]\s*)\s*[ée]tat\b/giu;
const CHECK_IF_UP = /\b(?:v[ée]rifie[rz]?|check|control)\s+(?:si|s['’]|whether|if)\s*([\p{L}\p{N}-]+)\s+(?:est|is)\s+(?:bien\s+)?(?:en\s+ligne|up|down|online|ok|joignable|reachable|dispo|available|running|en\s+marche)\b/giu;

/** What `String.replace` takes: a pattern's replacement text or a function of the match. */
type Replacement = string | ((match: string, ...groups: any[]) => string);

export function plainIdioms(text: string): string {
  let t = text;
  let low = text.toLowerCase();
  // Each pattern can only match where one of its words is: a substring test of the lowercased text skips its scan
  // (these regexes, run on every reading, were a quarter of the understanding step's time). Needles are lowercase
  // parts that every match contains.
  const step = (needs: readonly string[] | RegExp, re: RegExp, by: Replacement) => {
    if (Array.isArray(needs) ? !needs.some((n) => low.includes(n)) : !(needs as RegExp).test(low)) return;
    const next = typeof by === 'string' ? t.replace(re, by) : t.replace(re, by);
    if (next !== t) {
      t = next;
      low = t.toLowerCase();
    }
  };
  step(/\d/u, COUNT_BEFORE_APP, '$2 $1 $3');
  step(['verif', 'vérif'], CHECK_STATE, (_m, det: string) => `regarder ${det === 'son' ? 'son ' : "l'"}état`);
  step(['verif', 'vérif', 'check', 'control'], CHECK_IF_UP, (m, app: string) => (/^(?:check|control)/iu.test(m) ? `status of ${app}` : `état de ${app}`));
  step(['descend', 'monte', 'augment', 'baisse', 'duis', 'duit', 'passe'], DOWN_UP_TO, (m, app: string, n: string) => (EXPLAIN_FIRST.test(t) ? m : `scale ${app} à ${n}`));
  step(['able'], NOT_ABLE, (_m, now: string | undefined) => (now ? "can't" : "couldn't"));
  step(['cert'], CERT_CHECKED, (_m, fr: string | undefined) => (fr ? 'montre les ' : 'show the '));
  step(['back'], BACK_TO_ONE, (m) => (VERSION_TALK.test(t) ? m : 'scale to one'));
  step(['load', 'import', 'charge'], LOAD_DUMP, (_m, en: string | undefined) => (en ? 'restore' : 'restaure'));
  step(['backup', 'dump', 'sauvegarde'], BACKUP_SOUND, (_m, en: string | undefined, fr: string | undefined) => (en !== undefined ? `verify ${en}` : `vérifie ${fr}`));
  // (before the trial restore's: "test-restore wekan into a throwaway db" is one request, not a "test-" left over)
  step(['test'], RESTORE_TEST, (m) => (/^(?:fai|lanc|test\s+de|teste)/iu.test(m) ? 'vérifie' : 'verify'));
  step(['restor', 'restaur'], TRIAL_RESTORE, (_m, en: string | undefined, fr: string | undefined) => (fr !== undefined ? `vérifie ${fr}` : `verify ${en ?? ''}`).trimEnd());
  step(['avant'], AVANT_HIER, 'avant-hier');
  step(['far', 'plus'], HOW_FAR_BACK, (_m, en: string | undefined, fr: string | undefined) => (fr !== undefined ? `montre les sauvegardes de ${fr}` : `show the ${en ?? ''} backups`));
  step(['backups'], BACKUPS_OK, 'show the $1 backups');
  step(['backups'], CHECK_BACKUPS, 'show the $1$2 backups');
  step(['backup'], BACKUP_FACT, 'show the $1$2 backups');
  step(['tell', 'moi'], TELL_ME_ONE_EXISTS, (_m, en: string | undefined) => (en ? 'is there' : 'y a-t-il'));
  step(['oldest', 'earliest', 'newest', 'first'], BACKUP_LEFT, 'which is the $1 $2backup$3');
  step(['restore'], RESTORES_CLEANLY, 'verify $1.');
  step(['should'], SHOULD_IF, '$1if ');
  // ("the latest back up", "verify next cloud latest back up": the noun split in two, not the verb)
  step(['back'], NOUN_BACK_UP, '$1 backup$2');
  step(['back'], SPLIT_BACKUPS, 'backups');
  step(['before'], BEFORE_I_SAY_YES, '');
  step(['bonne'], LAST_GOOD_FR, 'montre les sauvegardes de $1');
  step(['sauve'], SPLIT_SAUVEGARDE, 'sauvegarde$1');
  // ("a force push overwrote main": git's push, not the command's --force)
  step(['force'], FORCE_PUSH, 'forcepush');
  // (« la toute dernière »: the very last, the latest)
  step(['tout'], VERY_LAST, '$1');
  step(['look', 'squiz', 'butcher', 'gander', 'dekko', 'peek', 'peep', 'shufti', 'squint', 'œil', 'oeil'], LOOK, (m) => (/^(?:je|jette|jetez|jeter|jetons)/iu.test(m) ? 'montre' : 'show'));
  step(['pop'], POP_ON, 'do $1');
  step([',', ';'], DO_IT, (m, lead: string) => `${lead}${/^[,;]\s*(?:(?:et|puis|alors|donc)\s+)?(?:lance|d[ée]clenche|ex[ée]cute|fai)/iu.test(m) ? 'stp' : 'please'}`);
  step(['back'], REPLY_TO_ME, ' ');
  step(['when', 'quand'], WHEN_FREE, (m) => (/^quand/iu.test(m) ? 'stp' : 'please'));
  step(['chance'], ANY_CHANCE, 'please ');
  step(['proc'], PROCEED_WITHDRAW, 'retirer');
  step(['proc'], PROCEED_FR, (_m, art: string | undefined, au: string | undefined) => `faire ${art ?? (au ? 'le ' : 'les ')}`);
  step(['proceed'], PROCEED_EN, 'do ');
  // ("add minion uptime from … so we see it coming next time": the moment of a purpose said after the request is the
  // purpose's, not the request's; left as said)
  step(['next', 'prochaine'], NEXT_TIME, (m, at: number, all: string) => (PURPOSE_BEFORE.test(all.slice(0, at)) ? m : /^(?:la|prochaine)/iu.test(m) ? 'plus tard' : 'later'));
  step(['comment'], HOW_WITH, 'comment va ');
  step(['balance'], BALANCE, (_m, comma?: string, lead?: string) => `${comma ?? lead ?? ''}montre`);
  step(['things'], THINGS_RUN, 'commands');
  step(['back'], BACK_ON, (_m, a: string | undefined, b: string | undefined) => `resume ${a ?? b ?? ''}`);
  step(['back'], APP_BACK_ON, (_m, a: string | undefined, b: string | undefined) => `bring ${a ?? b ?? ''} back up`);
  step(['off'], OFF_AND_ON, (_m, a: string | undefined, b: string | undefined) => `restart ${a ?? b ?? ''}`.trimEnd());
  step(['log'], LOG_IN_OUT, (_m, who: string | undefined, off: string | undefined, inn: string | undefined, inTo: string | undefined) => `sign ${who ?? ''}${off ?? inn ?? inTo}`);
  step(['with', 'avec'], CHECK_WITH, (_m, w: string) => (w.toLowerCase() === 'avec' ? 'parler avec ' : 'confer with '));
  step(['pass', 'arriv'], WHAT_HAPPENS_FR, "qu'arrive-t-il ");
  step(['deployed', 'installed'], DEPLOYED_ASKED, '$1running');
  step(['ploy', 'install'], DEPLOYED, (_m, en: string | undefined, fr: string | undefined, adv: string | undefined) => (en ? `${en} ${adv ?? ''}running` : `${fr === 'sont' ? 'tournent' : 'tourne'}${adv ? ` ${adv.trim()}` : ''}`));
  step(['allum'], OFF_AND_ON_FR, (_m, what: string) => `redemarre ${what.replace(/^-(?:le|la|les)/u, '')}`.trimEnd());
  step(['semaine'], WEEKEND_QC, 'week-end');
  step(/\bre\s/u, RE_SPLIT, '$1$2');
  return t;
}

/** A verb's "re" typed apart (« re démarre ghost », "re start wekan"): one word. */
const RE_SPLIT = /\b(re)\s+(d[ée]marr\p{L}*|lanc\p{L}*|start\p{L}*|boot\p{L}*|d[ée]ploi\p{L}*|deploy\p{L}*)/giu;

/** Québec's « fin de semaine » is the weekend (two days, as « week-end » reads), never « semaine passée » alone (last week). */
const WEEKEND_QC = /\bfins?\s+de\s+semaine\b/giu;
