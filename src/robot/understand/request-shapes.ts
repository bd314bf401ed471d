// Shapes of a message that change what its reading may do, read on its words alone: a choice left to the bot between
// two requests ("either restart it or restore it", « soit …, soit … »), a backup to be sent ("email me the backup"),
// whether an app runs asked after a verb of checking (« vérifie que wordpress marche »), and the loose verbs whose
// command is proposed, never run on them alone ("reload", « recharge »). Pure.
import type { SentenceWord } from './words.js';

/** Verbs people use for several things (a restart, a page reload in the browser): the table's reading is proposed. */
export const LOOSE_VERBS = new Set(['reload', 'recharge', 'recharger']);
/** Verbs of sending something to someone. */
const SEND_VERBS = new Set(['send', 'email', 'mail', 'e-mail', 'forward', 'envoie', 'envoyer', 'envoyez', 'envoie-moi', 'transfere', 'transferer', 'transmets', 'transmettre', 'mailer']);
/** Words of an app that runs ("marche", "tourne", "is up"). */
const RUNS = new Set(['marche', 'fonctionne', 'tourne', 'repond', 'works', 'working', 'runs', 'running', 'up', 'online', 'ligne']);
const THAT_OR_IF = new Set(['que', 'qu', 'si', 'that', 'if', 'whether']);

/** "soit tu redémarres mattermost, soit tu le restaures", "either restart it or restore it": a choice left open. */
export function leavesChoice(words: readonly SentenceWord[]): boolean {
  return words.filter((w) => w.text === 'soit').length >= 2 || (words.some((w) => w.text === 'either') && words.some((w) => w.text === 'or'));
}

/** A verb of sending said before `at` ("envoie-moi par mail la sauvegarde…", "mail me the backup…"). */
export function sendsBefore(words: readonly SentenceWord[], at: number): boolean {
  return words.some((w, i) => SEND_VERBS.has(w.text) && i < at);
}

/** Whether something runs, asked after "that"/"if", « que »/« si » (« vérifie que wordpress marche »). */
export function asksItRuns(words: readonly SentenceWord[]): boolean {
  return words.some((w, i) => THAT_OR_IF.has(w.text) && words.slice(i + 1).some((x) => RUNS.has(x.text)));
}
