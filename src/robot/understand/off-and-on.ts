// An app turned off and on again, said as two verbs: "kill it for a sec and bring it back up", "turn wekan off and on
// again", "stop ghost, then start it again", « l'éteindre puis le rallumer », « coupe gitlab et relance-le ». That is a
// restart: read as one, said as the one verb (the rest of the message as typed), before anything else reads the
// message. Read as two verbs, the second alone ("bring it back up") was a summon. Pure.

const EN =
  /\b(?:kill|stop|shut|turn|switch|power)\s+(?:(it|them|\p{L}[\p{L}\p{N}-]*)\s*)?(?:(?:off|down)\s*)?(?:for\s+a\s+(?:sec|second|moment|minute|bit)\s+)?(?:(?:,\s*)?(?:and|then|&|,)\s+(?:then\s+)?)(?:(?:bring|turn|switch|start|power|fire)\s+(?:it|them|\1)\s+(?:back\s+)?(?:up|on)(?:\s+again)?|on\s+again|start\s+(?:it|them)\s+again)\b/iu;

const FR =
  /(?:(?<!\p{L})(?:l['’]|les?\s+|la\s+))?(?<!\p{L})(?:[ée]teindre|[ée]teins|[ée]teignez|arr[êe]ter|arr[êe]te|arr[êe]tez|couper|coupe|coupez)(?:-(?:le|la|les))?\s+(?:(\p{L}[\p{L}\p{N}-]*)\s+)?(?:puis|et|,)\s+(?:(?:puis|ensuite)\s+)?(?:(?:le|la|les|l['’])\s*(?:rallumer|rallume|rallumez|relancer|relance|relancez|red[ée]marrer|red[ée]marre|red[ée]marrez)|(?:rallumer|rallume|rallumez|relancer|relance|relancez|red[ée]marrer|red[ée]marre|red[ée]marrez)-(?:le|la|les)|(?:rallumer|rallume|rallumez|relancer|relance|relancez|red[ée]marrer|red[ée]marre|red[ée]marrez)(?=\s*(?:[,.!?…]|$)))(?!\p{L})/iu;

const OFF = new Set(['off', 'down']);

/** The message with an off-and-on-again said as one restart; the text itself when it says none. */
export function offAndOn(text: string): string {
  // (the thing turned off stays said: "turn wekan off and on again" restarts wekan)
  return text.replace(EN, (_m, what?: string) => `restart ${what && !OFF.has(what.toLowerCase()) ? what : 'it'}`).replace(FR, (_m, what?: string) => (what && !/^(?:puis|et)$/iu.test(what) ? `redémarre ${what}` : 'redémarre-le'));
}
