// Two small readers for what compose files carry as text: a `command: "gunicorn -b 0.0.0.0:8000 app"` string
// (split into words as a POSIX shell would split them, without running any shell), and `.env` / env_file
// files (`KEY=value` lines, as docker compose reads them). Both are pure.
import { parseTemplate } from './interpolate.js';

export type Words = { ok: true; words: string[] } | { ok: false; message: string };

/** Characters that only mean something to a shell: refused outside quotes (Summoner runs argv, never a shell). */
const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')', '`']);

/** Split a command string into argv: quotes and backslashes as sh reads them; shell operators refused. */
export function splitWords(text: string): Words {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) cur += text[++i]!;
      else if (c === '`' || (c === '$' && text[i + 1] === '(')) return { ok: false, message: 'command substitution needs a shell' };
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < text.length) cur += text[++i]!;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (OPERATORS.has(c) || (c === '$' && text[i + 1] === '(')) {
      return { ok: false, message: `it holds the shell operator ${JSON.stringify(c === '$' ? '$(' : c)}` };
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) return { ok: false, message: 'an unclosed quote' };
  if (inWord) words.push(cur);
  return { ok: true, words };
}

/** `literal`: the names whose value was single-quoted (no interpolation, as docker compose reads them). */
export type DotenvResult = { values: Record<string, string>; bad: number[]; literal: Set<string> };

/** `KEY=value` lines (optionally `export KEY=…`, quoted values, `#` comments); `bad` lists unreadable line numbers. */
export function parseDotenv(text: string): DotenvResult {
  const values: Record<string, string> = {};
  const bad: number[] = [];
  const literal = new Set<string>();
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) return void bad.push(n + 1);
    let v = m[2]!;
    if (/^"/.test(v)) {
      const end = v.lastIndexOf('"');
      v = end > 0 ? v.slice(1, end).replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : v.slice(1);
    } else if (/^'/.test(v)) {
      const end = v.lastIndexOf("'");
      v = end > 0 ? v.slice(1, end) : v.slice(1);
      literal.add(m[1]!);
    } else {
      v = v.replace(/\s+#.*$/, '').trim();
    }
    values[m[1]!] = v;
    if (!/^'/.test(m[2]!)) literal.delete(m[1]!);
  });
  return { values, bad, literal };
}

/**
 * Variables inside an env file's values settled as docker compose does (`MM_SQLSETTINGS_DATASOURCE=
 * postgres://${POSTGRES_USER}:…` in Mattermost's env.example): from the names set before in the same file, then
 * `outside` (the project's .env for an env_file); `${A:-x}` / `${A-x}` take their default, anything unknown is
 * empty. Single-quoted values stay literal, and so does a value that is not a valid template.
 */
export function settleDotenv(parsed: DotenvResult, outside: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    const p = parsed.literal.has(name) || !value.includes('$') ? undefined : parseTemplate(value, { loneDollar: 'literal' });
    if (!p?.ok) {
      out[name] = value;
      continue;
    }
    const lookup = (n: string) => (Object.hasOwn(out, n) ? out[n] : Object.hasOwn(outside, n) ? outside[n] : undefined);
    out[name] = p.pieces
      .map((piece) => {
        if ('text' in piece) return piece.text;
        const v = lookup(piece.variable);
        const empty = v === undefined || v === '';
        if (piece.op === ':-') return empty ? piece.arg ?? '' : v;
        if (piece.op === '-') return v === undefined ? piece.arg ?? '' : v;
        if (piece.op === ':+') return empty ? '' : piece.arg ?? '';
        if (piece.op === '+') return v === undefined ? '' : piece.arg ?? '';
        return v ?? '';
      })
      .join('');
  }
  return out;
}
