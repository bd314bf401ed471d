// Who did something, asked with a spoken frame around the "who": « c'est qui qui a redémarré wekan ? », « c'est qui qu'a
// fait la mise à jour ? », "who was it that restarted ghost?". The frame is only emphasis: said as the plain « qui a… »,
// "who restarted…", which asks the history (someone-on-it.ts, asked-about.ts), never the act it names. Read with its
// frame, « c'est qui » and the past act told made it a story, asked about the restart. Pure.

const FR = /(?<!\p{L})c['’]\s*est\s+qui\s+(?:qui\s+|qu['’]\s*(?=a\s))/giu;
const EN = /\bwho\s+(?:was|is)\s+it\s+(?:that|who)\s+/giu;

/** The message with its "who" said plainly; the text itself when it has no such frame. */
export function whoDid(text: string): string {
  return text.replace(FR, 'qui ').replace(EN, 'who ');
}
