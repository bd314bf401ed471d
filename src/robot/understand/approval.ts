// A command named as what someone is to approve, validate or discuss first: "we'd need someone to approve the
// rollback of ghost first", "the team has to sign off on the update of gitlab", « il faudrait qu'on valide le rollback
// de ghost avec le client », « on doit discuter de la restauration de wekan ». The command, said as a noun, is the
// object of a decision still to be taken: nothing is asked of the bot yet, so nothing runs (a destructive one least
// of all). Only when the decision's verb stands right before the command's word, with nothing but articles and a
// preposition between them ("approve the rollback", « valider la mise à jour »). Pure.
import type { SentenceWord } from './words.js';

/** Verbs (normalised, any form) of approving, deciding or discussing a thing before it is done. */
const DECIDE = /^(?:approv(?:e|es|ed|ing|al)|validat(?:e|es|ed|ing|ion)|sign-off|signoff|green-?light(?:s|ed)?|greenlight|discuss(?:es|ed|ing)?|decide|decided|agree|agreed|valid(?:e|er|es|ez|ons|ent|ee?s?)|approuv(?:e|er|es|ez|ons|ent|ee?s?)|discut(?:e|er|es|ez|ons|ent)|decid(?:e|er|ez|ons|ent)|autoris(?:e|er|ez|ons|ent))$/;
/** Words that may stand between the verb and the command's word. */
const BETWEEN = new Set(['the', 'a', 'an', 'this', 'that', 'on', 'off', 'upon', 'about', 'le', 'la', 'l', 'les', 'un', 'une', 'ce', 'cette', 'de', 'du', 'des', 'd', 'sur', 'any', 'our', 'notre']);

/** Whether the command's word at `verbAt` is the object of a verb of approving or deciding before it. */
// (a verb the reading itself is read on, « valide la sauvegarde de mardi » for verify, is the request's own)
export function toBeApproved(words: readonly SentenceWord[], verbAt: number, read: readonly number[]): boolean {
  for (let i = verbAt - 1; i >= 0 && verbAt - i <= 4; i--) {
    const w = words[i]!.text;
    if (read.includes(i)) return false;
    // ("sign off on the rollback": "sign" and "off", two words)
    if (DECIDE.test(w) || (w === 'sign' && words[i + 1]?.text === 'off')) return i < verbAt - 1;
    if (!BETWEEN.has(w)) return false;
  }
  return false;
}
