// What wraps a request without being part of it: an e-mail's greeting and sign-off ("Hi Summoner, … Thanks in
// advance, Paul", "Bonjour, … Cordialement, Hélène"), an apology for the interruption ("Sorry to bother you,"), a list's marker ("2) logs for wordpress", "1/ restore…"),
// another bot's prefix ("!backup ghost", "/restore wekan 2026-11-28", ".restart wordpress"). Taken off before the
// message is read, so the body is read as if typed alone: a sign-off's name is no app, a list's number no count,
// a prefix no typo of the command. Pure.

/** A greeting that opens a message, up to its comma: "Hi Summoner,", "Good morning,", "Madame, Monsieur,". */
const GREETING = /^\s*(?:(?:hi|hello|hallo|hola|hey|dear|greetings|good\s+(?:morning|afternoon|evening|day)|bonjour|bonsoir|salut|coucou|cher|chère|chers|chères)(?:\s+(?!please\b|pls\b|can\b|could\b|stp\b)[\p{L}@'’-]+){0,3}|madame,?\s+monsieur)\s*[,:!]\s*(?=\S)/iu;
/** An apology for the interruption that opens a message: "Sorry to bother you,", « Désolé de te déranger, ». */
const APOLOGY = /^\s*(?:(?:so\s+|really\s+)?(?:sorry|apologies)\s+(?:to\s+(?:bother|disturb|interrupt|ping)(?:\s+(?:you|u|y['’]all))?(?:\s+again)?|for\s+the\s+(?:ping|bother|interruption))|(?:d[ée]sol[ée]e?s?|pardon|excuse[sz]?-moi)\s+de\s+(?:te|vous)\s+d[ée]ranger(?:\s+encore)?)\s*[,.!:;-]\s*(?=\S)/iu;
/** A closing ("Regards", "Thanks in advance", "Cordialement", "Bien à vous", "Bonne journée"), maybe with a name or a team after it. */
const CLOSING = String.raw`(?:(?:best|kind|warm|warmest|many|with\s+kind)\s+regards|regards|best\s+wishes|best|cheers|sincerely|thanks(?:\s+(?:in\s+advance|a\s+lot|again))?|thank\s+you(?:\s+(?:in\s+advance|very\s+much))?|many\s+thanks|(?:bien\s+)?cordialement|bien\s+à\s+vous|salutations|bonne\s+(?:journée|fin\s+de\s+journée|soirée|semaine)|merci(?:\s+(?:d'avance|d’avance|beaucoup|par\s+avance))?)`;
/** The closing at the end, after a sentence's end (or a comma, in a message that opened with a greeting), with what signs it. */
const SIGN_OFF = (afterComma: boolean) => new RegExp(String.raw`(${afterComma ? '[.!?,;]' : '[.!?]'})\s+${CLOSING}\s*[,.!]?(?:\s*[\p{L}][\p{L}'’.-]*(?:\s+[\p{L}][\p{L}'’.-]*){0,3})?\s*[.!]?\s*$`, 'iu');
const SIGN_OFFS = [SIGN_OFF(false), SIGN_OFF(true)];

/**
 * A follow-up's word on the last answer before the next request: "ok that worked, now …", "perfect, that did it.", « ok
 * ça a marché, maintenant … », « nickel, c'est bon : … ». It says the last command went well, not that this one works.
 */
const WORKED = /^\s*(?:(?:ok(?:ay)?|great|perfect|cool|nice|thanks|thank\s+you|super|parfait|nickel|merci|top)\s*[,.!]?\s*)?(?:(?:that|it|this)\s+(?:worked|did\s+it|did\s+the\s+trick|helped)|(?:[çc]a|cela)\s+a\s+(?:march[ée]|fonctionn[ée]|aid[ée]))\s*(?:[,.!:;]|\s+-)\s*(?=\S)/iu;

/** An e-mail's greeting and sign-off taken off; the message as it was when nothing would be left. */
export function withoutEnvelope(text: string): string {
  const greeting = GREETING.exec(text);
  let body = greeting ? text.slice(greeting[0].length) : text;
  // (and an apology for the interruption, after the greeting or alone)
  body = body.replace(APOLOGY, '');
  // (and a follow-up's word on the last answer)
  body = body.replace(WORKED, '');
  // ("Merci d'avance. Cordialement, Paul": one closing after another)
  for (let k = 0; k < 2; k++) {
    const m = SIGN_OFFS[greeting ? 1 : 0]!.exec(body);
    if (!m) break;
    body = body.slice(0, m.index) + (m[1] === ',' || m[1] === ';' ? '' : m[1]!);
  }
  return /[\p{L}\p{N}]/u.test(body) ? body.trim() : text;
}

/** "2) logs for wordpress", "1/ restore …", "3. l'historique": a numbered list's marker (never a date, "1/12"). */
const NUMBERED = /^\s*\d{1,2}(?:[.)]|\/(?!\d))\s+(?=\S)/u;
/** "Step 4 - update gitlab…", « Étape 4 – mettre à jour… »: a step's label before what it does. */
const STEP = /^\s*(?:step|[ée]tape)\s+\d{1,2}\s*[-–—:.)]\s+(?=\S)/iu;
/** "perfect. next one: restart mattermost", « suivant : … »: the next item's label (an acknowledgment before it). */
const NEXT = /^\s*(?:(?:ok(?:ay)?|perfect|great|thanks|nice|cool|done|parfait|super|merci|nickel|top|fait)\s*[,.!]+\s*)?(?:(?:and\s+)?next(?:\s+one|\s+up)?|(?:et\s+)?(?:au\s+)?suivant)\s*:\s+(?=\S)/iu;
/** A numbered list's marker (or a step's label, the next item's) taken off. */
export function withoutListNumber(text: string): string {
  return text.replace(STEP, '').replace(NEXT, '').replace(NUMBERED, '');
}

/** "!backup ghost", "/restore wekan 2026-11-28", ".restart wordpress": another bot's prefix before a command's name. */
const PREFIX = /^\s*[!/.](\p{L}[\p{L}-]*)/u;
/** The same inside a sentence ("it was !backup ghost, I wonder…", "note to self: !backup all before friday"), up to its clause's end. */
const PREFIXED_INSIDE = /(?<=[\s:(])[!/](\p{L}[\p{L}-]*)(?=[\s,;.?!)]|$)([^,;.?!)]*)/gu;

/**
 * Another bot's prefix taken off a message that opens on a command's name (`isCommand`); said inside a sentence, the
 * command so marked is quoted: the sentence talks about it ("on the old slack bot it was !backup ghost").
 */
export function withoutBotPrefix(text: string, isCommand: (word: string) => boolean): string {
  const p = PREFIX.exec(text);
  const out = p && isCommand(p[1]!.toLowerCase()) ? text.slice(p[0].length - p[1]!.length) : text;
  return out.replace(PREFIXED_INSIDE, (m, name: string, rest: string) => (isCommand(name.toLowerCase()) ? `\`${name}${rest.trimEnd()}\`${rest.slice(rest.trimEnd().length)}` : m));
}
