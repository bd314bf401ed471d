// The one sentence of a long, polite message that asks: "hello! thank you again for all your help last week. could you
// please install ghost for our newsletter? we would like to start writing posts next month. kind regards", « Bonjour,
// pardon pour le long message. (…) On en a parlé ce matin et tout le monde est d'accord : tu peux restaurer wekan
// d'avant-hier ? Merci ». Read whole, the greetings, the story and the thanks around it made it no request, or a
// request for later ("next month" said of something else). The sentence that asks (a "could you", « tu peux », a
// "please") is read alone, and is the message's request only when it is the one sentence that reads as a command and
// nothing around it says "not", "wait" or "if". "it" in it, for the one app the message names elsewhere, is that app
// ("…a copy of the wordpress site before she changes the donation page, could you please back it up?"). Pure.

/** Words that ask ("could you", "please", « tu peux », « pourriez-vous », « stp »). */
const ASKS = /\b(?:could|can|would|will)\s+you\b|\bplease\b|\bpls\b|\bkindly\b|\btu\s+(?:peux|pourrais|pourras)\b|\b(?:pourriez|pouvez|peux|pourrais)-(?:vous|tu)\b|\bvous\s+(?:pouvez|pourriez)\b|\bstp\b|\bsvp\b|\bs['’]il\s+(?:te|vous)\s+pla[iî]t\b|\bmerci\s+de\b/iu;
/** Words quoted, someone else's ("Forwarding from Anna: 'please restore wordpress from monday'"): never read as asked here. */
const QUOTES = /["“”«»`]|(?:^|\s)'|'(?:\s|$)/u;
/** A day or a time said: what "it" stands for may be that day's backup ("the one from the 25th … Verify it please"). */
const WHEN = /\d|\b(?:yesterday|today|tonight|tomorrow|last|monday|tuesday|wednesday|thursday|friday|saturday|sunday|hier|aujourd|demain|dernier|derni[eè]re|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b/iu;
/** What around the request would hold it back: a "not", a wait, a condition, a doubt. */
const HOLDS = /\b(?:not|don['’]?t|doesn['’]?t|never|no|wait|hold|if|unless|maybe|perhaps|pas|ne|n['’]|jamais|attends?|attendez|si|sauf|peut-[eê]tre)\b/iu;

/** The message's sentences: cut after . ! ?, kept in order. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+/u)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
}

/**
 * The sentence to read as the request, with "it" written as the app when one is named elsewhere; undefined when the
 * message has fewer than two sentences, no sentence that asks, or words that hold the request back.
 * `reads(s)`: how `s` reads alone. `appsIn(s)`: the apps named in `s`. Never in a message that quotes (the words of
 * someone else), nor "it" made the app when a day is said around it (it may be that day's backup).
 */
export function requestSentence(text: string, reads: (s: string) => Reading, appsIn: (s: string) => string[]): string | undefined {
  if (QUOTES.test(text)) return undefined;
  const sentences = sentencesOf(text);
  if (sentences.length < 2) return undefined;
  const asking = sentences.filter((s) => ASKS.test(s));
  if (asking.length !== 1) return undefined;
  const [asked] = asking as [string];
  if (sentences.some((s) => HOLDS.test(s))) return undefined;
  // (no other sentence is a request of its own: two asked are asked one at a time elsewhere)
  // (a greeting, "hello!", read as `ping`, is no request)
  if (sentences.some((s) => s !== asked && !['ping', 'help', undefined].includes(reads(s).command))) return undefined;
  const one = readable(asked, reads);
  if (one) return one;
  const elsewhere = [...new Set(sentences.filter((s) => s !== asked).flatMap(appsIn))];
  if (elsewhere.length !== 1 || appsIn(asked).length || !/\bit\b/iu.test(asked) || sentences.some((s) => s !== asked && WHEN.test(s))) return undefined;
  const withApp = asked.replace(/\bit\b/iu, elsewhere[0]!);
  return readable(withApp, reads);
}

/** The asking sentence, or its last clause that asks ("…, i'm a bit nervous, would you be kind enough to …?"), when it reads. */
function readable(asked: string, reads: (s: string) => Reading): string | undefined {
  const r = reads(asked);
  if (r.command && r.command !== 'ping') return asked;
  // (only a sentence read as nothing at all: one that says why not, "Tomorrow after lunch, could you …?", stays so)
  if (r.held) return undefined;
  const at = asked.search(ASKS);
  const cut = Math.max(asked.lastIndexOf(',', at), asked.lastIndexOf(';', at));
  if (cut <= 0) return undefined;
  const clause = asked.slice(cut + 1).trim();
  const rc = reads(clause).command;
  return rc && rc !== 'ping' ? clause : undefined;
}

/** How a sentence reads alone: the command (at 0.9 or more), or held back for a reason said (a question asked back). */
export interface Reading {
  command?: string;
  held?: boolean;
}
