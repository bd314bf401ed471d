// Someone else's words quoted in a message: a user's complaint, a client's email, a ticket ('ticket 4412 from dana:
// "wekan board won't load" is wekan up?', 'customer wrote "can you get it back?" ok, restore nextcloud from
// yesterday', « « je veux wordpress comme le 25/11 » dit le client → restaure wordpress du 25/11 »). What they wrote,
// even a request ("restore wekan to last friday?"), is theirs, not the bot's: the one typing asks around it, or asks
// nothing. A quote is someone else's when a speaker labels it before a colon ("user in chat:", « client : », "ticket:"),
// a verb of saying leads to it ("customer wrote", "wants to know", « me demande »), or one follows it ("says the
// client", « dit le client »). The message is given back without it and its frame, for the understanding step to read
// what is left; a quote with no speaker ('can you run "backup gitlab"') is the asker's own and stays. Pure.

/** A quoted span: straight or curly double quotes, or French guillemets. */
const QUOTE = /"[^"\n]{2,}"|“[^”\n]{2,}”|«\s*[^»\n]{2,}?\s*»/gu;
/** People who write to the team (a verb of saying after them leads to their words; a thing that "says" is only shown). */
const PERSON = String.raw`(?:users?|clients?|cliente|customers?|devs?|developer|manager|boss|hr|rh|marketing|support|someone|somebody|quelqu'un|utilisat(?:eur|rice)s?|le\s+chef|la\s+direction|prof|teacher)`;
/** Who speaks, labelled before a colon: a person, or what carries their words ('ticket 4412 from dana:', 'customer email:'). */
const SPEAKER = String.raw`(?:${PERSON}|tickets?|emails?|mails?|complaints?|messages?|chat|fwd|forwarded|transf[ée]r[ée]|plainte|alerts?|alertes?|canal|channel|monitoring|logs?)`;
const LABELLED = new RegExp(String.raw`\b${SPEAKER}\b[^.!?:"“«»]{0,40}:\s*$`, 'iu');
/** A person's verb of saying right before the quote: 'customer wrote', 'client wants to know', « un client me demande ». */
const SAYS_BEFORE = new RegExp(String.raw`\b${PERSON}\b[^.!?"“«»]{0,30}\b(?:wrote|writes|says|said|asks|asked|emailed|e-mailed|mailed|complains|complained|reports|reported|wants\s+to\s+know|dit|a\s+dit|[ée]crit|a\s+[ée]crit|demande|me\s+demande|r[ée]clame|se\s+plaint|veut\s+savoir)\s*:?\s*$|\bquoting(?:\s+the\s+\w+)?\s*:?\s*$`, 'iu');
/** A verb of saying right after it, with its speaker: 'says the client', « dit le client », 'says marketing'. */
const SAYS_AFTER = new RegExp(String.raw`^\s*,?\s*(?:says|said|writes|wrote|asks|asked|dit|a\s+dit|[ée]crit)\s+(?:the\s+|our\s+|my\s+|le\s+|la\s+|l'|un\s+|une\s+|notre\s+|mon\s+|ma\s+)?${PERSON}\b`, 'iu');
/** Marks after which a clause starts: a sentence's end, a dash or an arrow, a comma. */
const CLAUSE_MARK = /[.!?;—–→\n]|,\s/gu;

/** The message without someone else's quoted words and their frame; undefined when it quotes no one. */
export function withoutQuotedSpeech(text: string): string | undefined {
  if (!/["“«]/u.test(text)) return undefined;
  let out = text;
  let changed = false;
  // from the end, so that positions before a quote taken out stay right
  for (const m of [...text.matchAll(QUOTE)].reverse()) {
    const start = m.index!;
    const end = start + m[0].length;
    const before = text.slice(0, start);
    const after = SAYS_AFTER.exec(text.slice(end));
    const framed = LABELLED.test(before) || SAYS_BEFORE.test(before);
    if (!framed && !after) continue;
    // the frame goes with the quote: from its clause's start ("user in chat: …", "customer wrote …"), or only the
    // quote when its speaker follows it ("… says the client")
    const from = framed ? clauseStart(before) : start;
    const to = end + (after ? after[0].length : 0);
    // (and a remark in brackets right after it is about it: 'ticket title: "…" (status: waiting for approval)')
    const remark = /^\s*\([^()]*\)/u.exec(text.slice(to));
    out = out.slice(0, from) + ' ' + out.slice(to + (remark ? remark[0].length : 0));
    changed = true;
  }
  // (the marks that led from the quote to the asker's words go too: "— restart mattermost please", "-> restore …")
  return changed ? out.replace(/\s+/gu, ' ').replace(/^[\s\-—–→>.…,:;]+/u, '').trim() : undefined;
}

/** The index where the clause ending at `before`'s end starts (after its last mark), or 0. */
function clauseStart(before: string): number {
  const last = [...before.matchAll(CLAUSE_MARK)].at(-1);
  return last ? last.index + last[0].length : 0;
}
