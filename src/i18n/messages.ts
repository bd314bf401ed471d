// The robot's own messages, one catalogue per language (English and French). Each message is a function of
// its values, so word order can differ between languages. A key missing in French fails the type check.
export type Lang = 'en' | 'fr';

const en = {
  readAs: (canonical: string) => `(read as \`${canonical}\`)`,
  nothingPending: () => 'Nothing is waiting for your confirmation in this thread (answer in the thread of the proposal, or use its buttons).',
  replayedYes: (canonical: string) =>
    `I read this "yes" while catching up on posts made when I was away, so it confirms nothing: \`${canonical}\` is still waiting. Answer yes again (or use its button) to run it.`,
  notYours: (cmd: string, who: string, name: string, id: string) =>
    `Sorry ${name}, \`${cmd}\` is not yours to run: it is for ${who}.\nAsk one of them, or an admin to give you the role in summoner.yml (by user id: ${id}).`,
  destructive: (canonical: string, preview: string, seconds: number) =>
    `**${canonical}** is destructive: ${preview}\nReply **yes** within ${seconds} s to go ahead, or **no** to cancel.`,
  guessed: (canonical: string, seconds: number) => `Did you mean **${canonical}**? I am not sure enough to run it on my own.\nReply **yes** within ${seconds} s to run it, or **no** to cancel.`,
  yesButton: (cmd: string) => `Yes, ${cmd}`,
  cancelButton: () => 'Cancel',
  cancelled: (canonical: string) => `Cancelled \`${canonical}\`. Nothing was done.`,
  expired: (canonical: string, seconds: number) => `Expired: \`${canonical}\` was not confirmed within ${seconds} s. Nothing was done.`,
  unknown: (said: string, examples: string[]) => `I don't know the command ${said}.\nClosest commands: ${examples.map((e) => `\`${e}\``).join(', ')} (or say \`help\`).`,
  answerWith: () => 'Answer in this thread with a word, or click.',
  explainCommand: (canonical: string, confirm: boolean) => `I would run \`${canonical}\`${confirm ? ', after asking you to confirm' : ''}.`,
  explainAsk: (question: string) => `I would ask: ${question}`,
  internal: (cmd: string, ref: number) => `:warning: \`${cmd}\` failed with an internal error (ref #${ref}). The details are in the logs.`,
};

export type Messages = typeof en;

const fr: Messages = {
  readAs: (canonical) => `(compris comme \`${canonical}\`)`,
  nothingPending: () => "Rien n'attend votre confirmation dans ce fil (répondez dans le fil de la proposition, ou utilisez ses boutons).",
  replayedYes: (canonical) =>
    `J'ai lu ce « oui » en rattrapant les messages postés pendant mon absence, il ne confirme donc rien : \`${canonical}\` attend toujours. Répondez oui à nouveau (ou utilisez son bouton) pour le lancer.`,
  notYours: (cmd, who, name, id) =>
    `Désolé ${name}, \`${cmd}\` n'est pas pour vous : c'est pour ${who}.\nDemandez-leur, ou demandez à un admin de vous donner le rôle dans summoner.yml (par identifiant : ${id}).`,
  destructive: (canonical, preview, seconds) =>
    `**${canonical}** est destructif : ${preview}\nRépondez **oui** dans les ${seconds} s pour continuer, ou **non** pour annuler.`,
  guessed: (canonical, seconds) => `Vouliez-vous dire **${canonical}** ? Je ne suis pas assez sûr pour le lancer seul.\nRépondez **oui** dans les ${seconds} s pour le lancer, ou **non** pour annuler.`,
  yesButton: (cmd) => `Oui, ${cmd}`,
  cancelButton: () => 'Annuler',
  cancelled: (canonical) => `\`${canonical}\` annulé. Rien n'a été fait.`,
  expired: (canonical, seconds) => `Expiré : \`${canonical}\` n'a pas été confirmé dans les ${seconds} s. Rien n'a été fait.`,
  unknown: (said, examples) => `Je ne connais pas la commande ${said}.\nLes commandes les plus proches : ${examples.map((e) => `\`${e}\``).join(', ')} (ou dites \`help\`).`,
  answerWith: () => 'Répondez dans ce fil par un mot, ou cliquez.',
  explainCommand: (canonical, confirm) => `Je lancerais \`${canonical}\`${confirm ? ', après vous avoir demandé de confirmer' : ''}.`,
  explainAsk: (question) => `Je demanderais : ${question}`,
  internal: (cmd, ref) => `:warning: \`${cmd}\` a échoué sur une erreur interne (réf. #${ref}). Les détails sont dans les journaux.`,
};

const catalogues: Record<Lang, Messages> = { en, fr };

export function messages(lang: Lang | undefined): Messages {
  return catalogues[lang ?? 'en'];
}

/** A locale such as `fr`, `fr_FR.UTF-8` or `fr-CA` (Mattermost's user locale, the shell's LANG) → a language we speak. */
export function langOf(locale: string | undefined): Lang {
  return locale && /^fr([_-]|$|\.)/i.test(locale) ? 'fr' : 'en';
}
