// Compose-style interpolation, the subset Summoner supports: `${NAME}`, `$NAME` and `$$` (a literal `$`).
// Defaults and error forms (`${A:-x}`, `${A:?e}`) are refused: every variable is known before a deploy, so a
// fallback could only hide a typo.

export type Piece = { text: string } | { variable: string };

export type Parsed = { ok: true; pieces: Piece[] } | { ok: false; message: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function parseTemplate(text: string): Parsed {
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
    let name: string | undefined;
    if (next === '{') {
      const end = text.indexOf('}', i + 2);
      const inner = end < 0 ? undefined : text.slice(i + 2, end);
      if (inner === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) {
        const shown = (inner === undefined ? text.slice(i, i + 20) : `\${${inner}}`).slice(0, 40);
        return {
          ok: false,
          message: `unsupported interpolation ${JSON.stringify(shown)}: use \${NAME} (no defaults), or $$ for a literal $`,
        };
      }
      name = inner;
      i = end + 1;
    } else {
      const m = NAME.exec(text.slice(i + 1));
      if (!m) return { ok: false, message: 'a lone $: write $$ for a literal $, or ${NAME} for a variable' };
      name = m[0];
      i += 1 + name.length;
    }
    if (buf) pieces.push({ text: buf });
    buf = '';
    pieces.push({ variable: name });
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
    const v = lookup(piece.variable);
    if (v === undefined) return { ok: false, message: `unknown variable ${piece.variable}`, variable: piece.variable };
    out += v;
  }
  return { ok: true, value: out };
}
