// A request put off: "hold off on the ghost restore", "wait with the update of gitlab", "put the wekan restart on
// hold", "let's postpone the rollback", « attends pour la restauration de ghost », « on repousse la mise à jour »,
// « mets le redémarrage en attente ». The words before the command's say not now, the opposite of a request: read
// as a stance that holds it (stances.ts), so the reading is asked, never run. Only before the command's word: "restore
// ghost, then wait with the rest" asks for the restore. Pure.
import type { SentenceWord } from './words.js';

/** Words that put off what follows them (normalised words, joined by single spaces). */
const PUTS_OFF = /(?:^|\s)(?:hold(?:ing)?\s+off|hold\s+(?:on|up)\s+(?:on|with)|wait(?:ing)?\s+(?:with|on)|put\s+(?:\S+\s+){0,4}on\s+hold|postpone|postponing|defer|push\s+back|(?:attends|attendez|attendons|attend)\s+(?:un\s+peu\s+)?(?:pour|avec)|(?:on\s+)?(?:repousse|repoussons|repoussez|decale|decalons|decalez)|on\s+reporte|reportons|(?:mets|mettez|mettons)\s+(?:\S+\s+){0,4}en\s+attente|(?:suspends|suspendez|suspendons))(?=\s|$)/;

/** The words before the command's word (at `verbAt`) put it off. */
export function putsOff(words: readonly SentenceWord[], verbAt: number): boolean {
  if (verbAt <= 0) return false;
  return PUTS_OFF.test(words.slice(0, verbAt).map((w) => w.text).join(' '));
}
