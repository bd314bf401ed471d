// An app "holding up" asked: « nextcloud tient le coup ? », « les applis tiennent le coup ? », "is gitlab holding up?".
// Holding up is being fine: said as « va bien » before the message is read. Read word by word, « coup » was taken for a
// slip of « coupe » (a stop, dismiss's), and a second sentence after the question ("deux clients trouvent que ça rame")
// made it a dismiss asked about. Only the idiom's own words change. Pure.

const FR = /(?<!\p{L})(tient|tiens|tiennent|tenir)\s+le\s+coup(?!\p{L})/giu;
const PLAIN: Readonly<Record<string, string>> = { tient: 'va bien', tiens: 'vas bien', tiennent: 'vont bien', tenir: 'aller bien' };

/** The message with « tenir le coup » said as « aller bien »; the text itself when it has none. */
export function holdsUp(text: string): string {
  return text.replace(FR, (_m, verb: string) => PLAIN[verb.toLowerCase()] ?? 'va bien');
}
