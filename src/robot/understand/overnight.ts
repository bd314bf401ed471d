// What ran or failed in a night just past, asked with no app: "what ran overnight?", "anything fail last night?",
// « qu'est-ce qui a tourné cette nuit ? », « il s'est passé quoi cette nuit ? ». That is the audit log's question
// (`history`), not the state of what runs now (« qu'est-ce qui tourne » is). Read on the normalised text. Pure.

const WHAT_RAN = /^(?:so\s+|and\s+|ok\s+)?(?:what\s+(?:ran|failed|broke)|(?:did\s+)?any(?:thing|one)\s+(?:fail|failed|break|broke|crash|crashed))\s+(?:overnight|last\s+night|this\s+night|during\s+the\s+night)\b|^(?:et\s+|bon\s+|alors\s+)?(?:qu['’]est-ce\s+qui\s+a\s+(?:tourne|plante|echoue)|il\s+s['’]est\s+passe\s+quoi|quelque\s+chose\s+a\s+(?:plante|echoue))\s+(?:cette\s+nuit|la\s+nuit\s+derniere|pendant\s+la\s+nuit)\b/u;

/** Whether the (normalised) message asks what ran or failed in the night, naming no app. */
export function asksWhatRanOvernight(normalised: string, namesApp: boolean): boolean {
  return !namesApp && WHAT_RAN.test(normalised.trim());
}
