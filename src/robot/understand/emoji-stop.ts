// An emoji between two sentences, typed in place of the full stop: "i deleted the About page on the bakery site 😱
// please restore wordpress from yesterday", « j'ai supprimé toutes les fiches produits 😭 restaure wordpress d'hier
// stp ». Read without a mark, the story and the request run into one sentence, and the story's past or its subject
// reads as the request's ("i deleted … restore": the speaker told as doing it). The emoji ends the sentence before it:
// a full stop is put before it, the emoji kept (what it says, sarcasm 🙄 among others, is still read). Only an emoji
// between a word and a word, spaces around it, and only before words that ask ("please", « stp », "can you"): "gitlab
// backup failed again 😩 anyone looking at it?" tells one thing, read whole as before; an emoji ending the message, or
// after a mark, changes nothing. An emoji after the greeting the message opens with ends it whatever follows. Pure.

const BETWEEN = /([\p{L}\p{N}])\s+(\p{Extended_Pictographic}(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{200D}]|\s(?=\p{Extended_Pictographic}))*)\s+(?=\p{L})/gu;

/** Words that ask, after the emoji: the sentence it opens is a request. */
const ASKS = /\b(?:please|pls|plz|stp|svp|s'il\s+(?:te|vous)\s+pla[iî]t|can\s+(?:you|u)|could\s+(?:you|u)|would\s+you|tu\s+peux|peux-tu|pourrais-tu|vous\s+pouvez|pouvez-vous|pourriez-vous)\b/iu;

/**
 * A greeting the message opens with, up to the emoji ("Dear bot, good morning 🙂 Did last night's backup …"): its own
 * sentence too, whatever follows (read run on, "morning did …" lost the question's opening).
 */
const GREETING = /^\s*(?:(?:@[\w.-]+|summoner)[,:]?\s+)?(?:(?:dear\s+[\p{L}-]+|hello|hi|hey|bonjour|salut|coucou|bonsoir)[,!]?\s+)*(?:good\s+(?:morning|afternoon|evening)|hello|hallo|hola|hi|hey|bonjour|bonsoir|salut|coucou)(?:\s+(?:everyone|all|team|folks|tout\s+le\s+monde|[àa]\s+tous))?$/iu;

/** The text with a full stop before each emoji said between two sentences (see above). */
export function emojiStop(text: string): string {
  if (!/\p{Extended_Pictographic}/u.test(text)) return text;
  return text.replace(BETWEEN, (all, before: string, emoji: string, at: number, whole: string) =>
    ASKS.test(whole.slice(at + all.length)) || GREETING.test(whole.slice(0, at + before.length)) ? `${before}. ${emoji} ` : all,
  );
}

/**
 * The message without the greeting sentence it opens with ("Dear bot, good morning 🙂 Did last night's backup …",
 * "good morning everyone! could you …"), when more follows: read as a sentence of its own, "good morning" made the
 * question after it read as a check of this morning's backup.
 */
export function withoutOpeningGreeting(text: string): string {
  // (the bot called first, "@summoner Dear bot, good morning 🙂 …", stays called)
  const called = /^\s*(?:@[\w.-]+|summoner)[,:]?\s+/iu.exec(text)?.[0] ?? '';
  const rest = text.slice(called.length);
  const m = /^(.*?)[.!]+\s+(?:\p{Extended_Pictographic}[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{200D}]*\s*)*(?=\p{L})/u.exec(rest);
  return m && GREETING.test(m[1]!) ? called + rest.slice(m[0].length) : text;
}
