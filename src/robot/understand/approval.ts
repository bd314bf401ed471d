// A command named as what someone is to approve, validate or discuss first: "we'd need someone to approve the
// rollback of ghost first", "the team has to sign off on the update of gitlab", « il faudrait qu'on valide le rollback
// de ghost avec le client », « on doit discuter de la restauration de wekan ». The command, said as a noun, is the
// object of a decision still to be taken: nothing is asked of the bot yet, so nothing runs (a destructive one least
// of all). Only when the decision's verb stands right before the command's word, with nothing but articles and a
// preposition between them ("approve the rollback", « valider la mise à jour »). And a command said to wait for an
// approval ("dismiss registry --purge only with the CISO's approval", « uniquement sur accord du RSSI », "pending
// sign-off", « sous réserve de validation »): a rule for when it may run, not a request to run it now. Pure.
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

/** "only with/after/upon … approval", "pending approval", « uniquement sur accord de », « sous réserve de validation ». */
const ONLY_ONCE_APPROVED = new RegExp(
  String.raw`\b(?:(?:only|not\s+(?:before|without))\s+(?:with|after|upon|on|once|when)\b[^.;!?]{0,40}?\b(?:approv\w*|sign[- ]?off|go[- ]ahead|green[- ]?light|ok|okay|agreement|consent|authori[sz]ation)` +
    String.raw`|(?:pending|awaiting|subject\s+to)\s+(?:\w+\s+){0,3}?(?:approv\w*|sign[- ]?off|go[- ]ahead|green[- ]?light|validation|review)` +
    String.raw`|(?:uniquement|seulement|qu['’]?\s*)\s*(?:sur|apres|après|avec)\s+(?:l['’]\s*|le\s+|un\s+)?(?:accord|validation|feu\s+vert|aval|ok|autorisation)` +
    String.raw`|sous\s+r[ée]serve\s+d(?:e\s+|['’]\s*)(?:l['’]\s*|la\s+|un\s+|une\s+)?(?:accord|validation|feu\s+vert|aval|autorisation)` +
    String.raw`|en\s+attente\s+(?:de|d['’])\s*(?:l['’]\s*|la\s+|le\s+)?(?:accord|validation|feu\s+vert|aval|autorisation))\b`,
  'iu',
);

/** Whether the message says the command may run only once someone approves it. */
export function onlyOnceApproved(text: string): boolean {
  return ONLY_ONCE_APPROVED.test(text);
}
