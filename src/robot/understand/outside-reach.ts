// Requests for what Summoner does not do. What it does not manage ("can you add a dns record for wiki.example.org
// pointing to nextcloud?", "open port 443 on the firewall for registry", « fais pointer docs.exemple.fr vers static »,
// "add a redirect from www to the wordpress site"): DNS, firewalls, redirects and CDNs belong to the host or the
// registrar. Read as the app's status only because an app is named; said so instead, with what Summoner does. And a
// certificate renewed on demand ("renew the certificate for wekan now"): each renews by itself before it expires, and
// `certs` says when. Pure.

/** A verb that asks for a change, then, within a few words, a thing outside Summoner's reach. */
const OUTSIDE = /\b(?:add|open|point|create|set\s+up|configure|change|make|ajoute[rz]?|ouvre[rz]?|fais\s+pointer|pointe[rz]?|cr[ée]e[rz]?|configure[rz]?|change[rz]?|mets?\s+en\s+place)\b(?:\s+\S+){0,4}?\s+(?:(?:a|an|the|un|une|le|la|les|l['’])\s+)?(?:dns|cname|(?:a|mx|txt)\s+record|enregistrement(?:\s+dns)?|redirect(?:ion)?s?|port\s+\d+|firewall|pare-feu|cdn)\b|\b(?:fais\s+pointer|point)\s+\S+\.\S+\s+(?:to|vers|sur)\b/iu;

/** Whether the message asks for a change outside what Summoner manages. */
export function outsideReach(text: string): boolean {
  return OUTSIDE.test(text);
}

/** "renew the certificate for wekan now", « tu peux forcer le renouvellement du certif » (not "when does it renew?"). */
const RENEW_ASKED = /^(?:\W*(?:please|pls|hey|ok|stp)\W+)?(?:renew|force\s+(?:the\s+|a\s+)?renewal|renouvel(?:le|lez)|force[rz]?\s+(?:le|un)\s+renouvellement)\b|\b(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?(?:renew|force\s+(?:the\s+|a\s+)?renewal)\b|\b(?:peux|pourrais|pouvez|pourriez)[-\s](?:tu|vous)?\s*(?:renouveler|forcer\s+(?:le|un)\s+renouvellement)\b/iu;

/** Whether the message asks for a certificate to be renewed now. */
export function renewalAsked(text: string): boolean {
  return RENEW_ASKED.test(text);
}
