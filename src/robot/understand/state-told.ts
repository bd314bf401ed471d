// A backup said to be fine, with nothing that asks to check it: "marc made a backup of ghost yesterday, we should be
// fine", "ghost backup from yesterday works, we tested it". `verify`'s phrases of a state ("backup is fine", "backup
// works", « sauvegarde bonne ») read a question about it ("is the wekan backup fine?"); said without a question mark
// and without a word of checking, they tell how things stand. Pure.
import { normalise } from './words.js';

/** The states of a backup `verify`'s phrases name. */
const STATE = /(?:^|[^\p{L}])(?:fine|good|ok|okay|works|working|valid|usable|restorable|bonne|intacte|utilisable|restaurable|marche|fonctionne)(?:$|[^\p{L}])/u;
/**
 * A word of checking, typed right or not ("verfy", « vérif », "control", « sûr »), except its past, which tells what
 * was done ("we tested it", "checked yesterday").
 */
const CHECKING = /(?:^|[^\p{L}])(?!(?:tested|checked|verified|controlled|validated)(?:$|[^\p{L}]))(?:ver|chec|test|contr|valid|sur|assur|ensur|confirm|prov|sanity|double|make sure)\p{L}*/u;

/** Does the message tell a backup's state, asking no check of it? */
export function tellsBackupState(text: string): boolean {
  const t = normalise(text).replace(/’/g, "'");
  return !t.includes('?') && STATE.test(t) && !CHECKING.test(t);
}
