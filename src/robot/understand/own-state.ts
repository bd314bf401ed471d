// The bot's own state asked in other words: how long it has been up ("how long have you been running?", « tu tournes
// depuis combien de temps ? », « ça fait combien de temps que tu tournes ? ») or which build it runs ("what build are
// you on?", "which version are you running?"), or the same of "the bot" (« le bot tourne depuis combien de temps ? », « c'est
// quelle version du bot ? »). `status` answers both (its uptime and version head it). Said as the one
// word before anything else reads the message: read word by word, « depuis » and « temps » were a moment, "build" a
// story of a broken build ("who broke the build?" stays as said: no "you" after it). Pure.

const EN = /\b(?:how\s+long\s+(?:have\s+|'ve\s+|’ve\s+)?(?:you|u)\s*(?:'ve|’ve)?\s+been\s+(?:up|running|online|alive)|(?:what|which)\s+(?:build|version)\s+(?:are|r)\s+(?:you|u)\s+(?:on|running)|how\s+long\s+has\s+the\s+bot\s+been\s+(?:up|running|online)|(?:what|which)\s+(?:build|version)\s+(?:is|of)\s+the\s+bot(?:\s+(?:on|running))?)\b/iu;
const FR = /(?<!\p{L})(?:depuis\s+combien\s+de\s+temps\s+(?:tu\s+tournes|tu\s+es\s+(?:up|en\s+ligne|debout)|t['’]\s*es\s+(?:up|en\s+ligne|debout))|(?:tu\s+tournes|tu\s+es\s+up|t['’]\s*es\s+up)\s+depuis\s+combien\s+de\s+temps|(?:[çc]a\s+fait\s+)?combien\s+de\s+temps\s+que\s+tu\s+tournes|(?:quelle|sur\s+quelle)\s+(?:version|build)\s+(?:tu\s+tournes|tournes-tu|es-tu)|le\s+bot\s+tourne\s+depuis\s+combien\s+de\s+temps|depuis\s+combien\s+de\s+temps\s+le\s+bot\s+tourne|(?:c['’]\s*est\s+)?quelle\s+version\s+du\s+bot)(?!\p{L})/iu;

/** The message with the bot's own uptime or build asked said as `status`; the text itself when it asks neither. */
export function ownState(text: string): string {
  return text.replace(EN, 'status').replace(FR, 'état');
}
