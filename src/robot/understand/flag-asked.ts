// An option asked about on its own: "what's --purge for?", "what does --jobs do?", « c'est quoi --purge ? », « à quoi
// sert --force ? ». Its answer is the help of the command that has it (when one command has it). Pure.

const ASKED = /^\s*(?:what['’]?s|what\s+is|what\s+does|what\s+do|c['’]est\s+quoi|[àa]\s+quoi\s+sert|que\s+fait|qu['’]est-ce\s+que\s+fait)\s+(?:the\s+|l['’]\s*option\s+|le\s+flag\s+|the\s+option\s+|the\s+flag\s+)?(--[a-z][a-z-]*)\s*(?:for|do|mean|veut\s+dire)?\s*(?:exactly|exactement)?\s*\??\s*$/iu;

/** The option's name (without dashes) when the whole message asks what it is for, else undefined. */
export function flagAsked(text: string): string | undefined {
  return ASKED.exec(text)?.[1]?.slice(2).toLowerCase();
}
