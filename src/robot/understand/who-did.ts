// Who did something, asked with a spoken frame around the "who": « c'est qui qui a redémarré wekan ? », « c'est qui qu'a
// fait la mise à jour ? », "who was it that restarted ghost?". The frame is only emphasis: said as the plain « qui a… »,
// "who restarted…", which asks the history (someone-on-it.ts, asked-about.ts), never the act it names. Read with its
// frame, « c'est qui » and the past act told made it a story, asked about the restart. Who "asked for" an act, or « a
// demandé » it, is who had it run: the same question. Pure.

const FR = /(?<!\p{L})c['’]\s*est\s+qui\s+(?:qui\s+|qu['’]\s*(?=a\s))/giu;
const EN = /\bwho\s+(?:was|is)\s+it\s+(?:that|who)\s+/giu;
/** "who asked for the nextcloud restore?", « qui a demandé la restauration de nextcloud ? »: who had it run, who ran it. */
const ASKED_FOR = /\bwho\s+asked\s+for\b/giu;
const FR_ASKED_FOR = /(?<!\p{L})qui\s+a\s+demand[ée]\s+(?=(?:la|le|les|l['’]|une?)\s)/giu;

/** The message with its "who" said plainly; the text itself when it has no such frame. */
export function whoDid(text: string): string {
  return text.replace(FR, 'qui ').replace(EN, 'who ').replace(ASKED_FOR, 'who ran').replace(FR_ASKED_FOR, 'qui a lancé ');
}
