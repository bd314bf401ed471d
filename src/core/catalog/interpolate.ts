// Compose-style interpolation. A deployed minion uses `${NAME}`, `$NAME` and `$$` (a literal `$`): every
// variable is known before a deploy. Compose's other forms (`${A:-default}`, `${A-default}`, `${A:?error}`,
// `${A:+alt}`) are read too, so that ordinary compose files load: the catalog normalises them away when it
// loads a file (normalise.ts), and only `${NAME}` reaches a plan.

/** `op` is compose's modifier: `:-` / `-` default, `:?` / `?` required, `:+` / `+` alternative. */
export type Piece = { text: string } | { variable: string; op?: ':-' | '-' | ':?' | '?' | ':+' | '+'; arg?: string };

export type Parsed = { ok: true; pieces: Piece[] } | { ok: false; message: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?|:\+|\+)([\s\S]*))?$/;

/** The index of the `}` closing the `${` at `start` (nested `${…}` in a default are skipped), or -1. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') {
      i++;
    } else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * `loneDollar: 'literal'`: a `$` before anything but a name, `{` or `$` stays a `$`, as docker compose reads it
 * (`$(seq 1 60)` in a script); otherwise it is an error (Summoner's own files write `$$`).
 */
export function parseTemplate(text: string, opts: { loneDollar?: 'literal' } = {}): Parsed {
  const pieces: Piece[] = [];
  let buf = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      buf += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      buf += '$';
      i += 2;
      continue;
    }
    let piece: Piece;
    if (next === '{') {
      const end = closingBrace(text, i);
      const inner = end < 0 ? undefined : text.slice(i + 2, end);
      const m = inner === undefined ? null : BRACED.exec(inner);
      if (!m) {
        const shown = (inner === undefined ? text.slice(i, i + 20) : `\${${inner}}`).slice(0, 40);
        return { ok: false, message: `unsupported interpolation ${JSON.stringify(shown)}: use \${NAME} or \${NAME:-default}, or $$ for a literal $` };
      }
      piece = m[2] ? { variable: m[1]!, op: m[2] as NonNullable<Extract<Piece, { variable: string }>['op']>, arg: m[3] ?? '' } : { variable: m[1]! };
      i = end + 1;
    } else {
      const m = NAME.exec(text.slice(i + 1));
      if (!m && opts.loneDollar === 'literal') {
        buf += '$';
        i++;
        continue;
      }
      if (!m) return { ok: false, message: 'a lone $: write $$ for a literal $, or ${NAME} for a variable' };
      piece = { variable: m[0] };
      i += 1 + m[0].length;
    }
    if (buf) pieces.push({ text: buf });
    buf = '';
    pieces.push(piece);
  }
  if (buf) pieces.push({ text: buf });
  return { ok: true, pieces };
}

/** Names referenced by a template (or the syntax error). */
export function referencedNames(text: string): { ok: true; names: string[] } | { ok: false; message: string } {
  const p = parseTemplate(text);
  if (!p.ok) return p;
  return { ok: true, names: p.pieces.flatMap((x) => ('variable' in x ? [x.variable] : [])) };
}

export type Interpolated = { ok: true; value: string } | { ok: false; message: string; variable?: string };

/** Substitute; values are inserted verbatim (never re-interpolated). An unknown name is an error naming it. */
export function interpolate(text: string, lookup: (name: string) => string | undefined): Interpolated {
  const p = parseTemplate(text);
  if (!p.ok) return p;
  let out = '';
  for (const piece of p.pieces) {
    if ('text' in piece) {
      out += piece.text;
      continue;
    }
    if (piece.op) return { ok: false, message: `\${${piece.variable}${piece.op}…} was not normalised`, variable: piece.variable };
    const v = lookup(piece.variable);
    if (v === undefined) return { ok: false, message: `unknown variable ${piece.variable}`, variable: piece.variable };
    out += v;
  }
  return { ok: true, value: out };
}

/** A literal text as a template: every `$` doubled. */
export const escapeTemplate = (text: string) => text.replace(/\$/g, '$$$$');
