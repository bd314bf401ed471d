// Issue 16, done-when 2: payload values are plain text in Mattermost. Every post the built-ins and a recipe
// template make from a corpus of hostile values is parsed with marked (GFM, as Mattermost's web app) and with
// @mattermost/commonmark (its mobile app), and has no construct the same post lacks with harmless values: no link, image, heading, emphasis, code, table, mention, channel link or hashtag from a value.
// On the old escaper (src/robot/markdown.ts) `_it_`, `===` lines, indented code and bare URLs got through.
import fs from 'node:fs';
import path from 'node:path';
import { Parser } from '@mattermost/commonmark';
import { marked, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { genericPost, renderBuiltin } from '../src/notify/builtins/index.js';
import { plan, recipeSchema } from '../src/notify/recipes.js';
import type { Source } from '../src/notify/webhooks/verify.js';
import { FIXTURES } from './helpers/webhooks.js';

const HOSTILE = [
  '_it_', '__bold__', '*a*', '**b**', 'snake_case _x_', '`code`', 'a`b', '```\nfence\n```', '~~~\nx\n~~~', '# head', '###### h6',
  'line\n===', 'line\n---', '---', '***', '___', '    indented code', '\tindented', 'para\n\n    code after blank', '> quote', '- item',
  '1. item', '1) item', '+ plus', '* star', '| a | b |\n|---|---|\n| 1 | 2 |', 'a | b', '[login](https://evil.example)',
  '![img](https://evil.example/x.png)', '<https://evil.example>', 'https://evil.example/x', 'http://evil.example', 'www.evil.example',
  'mail a@evil.example', '@channel', '@here @all', '@alice', 'x@alice', '~town-square', '~~strike~~', '<b>html</b>',
  '<img src=x onerror=alert(1)>', '&lt;b&gt;', '&#64;channel', '\\[esc\\]', '[ref]: https://evil.example', '[ref]', 'x](https://evil.example)',
  '[x', '#hashtag', 'a #tagged word', '#12 x', '#_x', '$x^2$', '\\', 'end\\', '`', '``a``', '\u0000ctrl', 'two  \nlines', ':smile: :)',
  '<!-- c -->', '<details>x</details>', 'text\n  - nested', '=\n=', '-\n-',
];
HOSTILE.push(HOSTILE.join('\n'));

/** Keys whose values steer which post is made (kept), and URL keys (given URLs: a URL key is a link by design). */
const STEER = new Set(['action', 'status', 'conclusion', 'state', 'build_status', 'object_kind', 'ref_type', 'event_type', 'class', 'shareType', 'tag']);
const URL_KEY = /(^|_)(url|href|link)$|Url$|URL$|^(compare|homepage)$/;

function fill(v: unknown, value: string, key = ''): unknown {
  if (typeof v === 'string') {
    if (STEER.has(key)) return v;
    if (URL_KEY.test(key)) return 'https://example.com/page';
    if (key === 'ref') return v.replace(/[^/]+$/, value);
    return value;
  }
  if (Array.isArray(v)) return v.map((x) => fill(x, value, key));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, value, k)]));
  return v;
}

/** The constructs each parser finds in a post's text: a count per kind (links and images with their destinations). */
function markedConstructs(text: string): string[] {
  const out: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'text' || t.type === 'escape') {
        // Mattermost's web app finds mentions, channel links and hashtags in the text marked leaves
        for (const m of t.text.matchAll(/(?<![\p{L}\p{N}_])(?:[@~][\p{L}\p{N}]|#\p{L})/gu)) out.push(`mention ${m[0]}`);
      } else if (!['paragraph', 'space', 'br'].includes(t.type)) out.push(t.type === 'link' || t.type === 'image' ? `${t.type} ${(t as { href: string }).href}` : t.type);
      const inner = (t as { tokens?: Token[] }).tokens;
      if (inner && t.type !== 'text') walk(inner);
      else if (t.type === 'text' && (t as { tokens?: Token[] }).tokens) walk((t as { tokens: Token[] }).tokens.filter((x) => x.type !== 'text'));
      if (t.type === 'list') walk((t as { items: Token[] }).items);
      if (t.type === 'table') out.push('table');
    }
  };
  walk(marked.lexer(text, { gfm: true }));
  return out.sort();
}

function commonmarkConstructs(text: string): string[] {
  const out: string[] = [];
  const w = new Parser().parse(text).walker();
  for (let e = w.next(); e; e = w.next()) {
    if (!e.entering) continue;
    const n = e.node;
    if (['document', 'paragraph', 'text', 'softbreak', 'linebreak', 'emoji'].includes(n.type)) continue;
    out.push(n.type === 'link' || n.type === 'image' ? `${n.type} ${n.destination}` : n.type);
  }
  return out.sort();
}

interface Case {
  name: string;
  post(value: string): string | undefined;
}

const cases: Case[] = [];
for (const source of ['github', 'gitlab', 'gitea', 'nextcloud'] as Source[]) {
  for (const f of fs.readdirSync(path.join(FIXTURES, source))) {
    const payload = JSON.parse(fs.readFileSync(path.join(FIXTURES, source, f), 'utf8')) as Record<string, unknown>;
    const event = source === 'gitlab' ? (payload['object_kind'] === 'build' ? 'job' : String(payload['object_kind'])) : source === 'nextcloud' ? f.replace(/\.json$/, '') : f.split('.')[0]!;
    cases.push({
      name: `${source}/${f}`,
      post: (value) => {
        const r = renderBuiltin(source, event, fill(payload, value));
        return r.kind === 'post' ? r.post.text : undefined;
      },
    });
  }
}
// the generic form (a hook's `otherwise`), for every fixture, the generic senders' too
for (const source of ['github', 'gitlab', 'gitea', 'nextcloud', 'generic']) {
  for (const f of fs.readdirSync(path.join(FIXTURES, source))) {
    const payload = JSON.parse(fs.readFileSync(path.join(FIXTURES, source, f), 'utf8')) as Record<string, unknown>;
    cases.push({ name: `generic form of ${source}/${f}`, post: (value) => genericPost('hook', f.split('.')[0]!, fill(payload, value)).text });
  }
}
const recipe = recipeSchema.parse({
  name: 'pr',
  when: { source: 'github' },
  then: [{ post: { channel: 'dev', template: '**[PR {{number}} {{pull_request.title}}]({{pull_request.html_url}})** by _{{sender.login}}_ on `{{branch}}`\n> {{pull_request.body}}\n{{#commits}}- {{message}}\n{{/commits}}' } }],
});
cases.push({
  name: 'a recipe template',
  post: (value) => {
    const payload = fill({ number: 'n', ref: 'refs/heads/x', pull_request: { title: 't', html_url: 'u', body: 'b' }, sender: { login: 'l' }, commits: [{ message: 'm' }] }, value);
    const [a] = plan(recipe, { source: 'github', hook: 'gh', event: 'pull_request', deliveryId: 'd', payload }, { channel: 'ops' });
    return a?.kind === 'post' ? a.out.text : undefined;
  },
});

describe('payload values are plain text for both of Mattermost\'s parsers', () => {
  it('posts from hostile values have no construct the template did not write', () => {
    let checked = 0;
    const problems: string[] = [];
    for (const c of cases) {
      const benign = c.post('x');
      if (benign === undefined) continue;
      // link destinations come from URL keys, which the corpus fills per value: compare kinds for those
      const kinds = (xs: string[]) => xs.map((x) => x.replace(/^(link|image) .*/, '$1'));
      const want = { marked: kinds(markedConstructs(benign)), commonmark: kinds(commonmarkConstructs(benign)) };
      for (const value of HOSTILE) {
        const text = c.post(value);
        expect(text, `${c.name} with ${JSON.stringify(value)}`).toBeDefined();
        const got = { marked: kinds(markedConstructs(text!)), commonmark: kinds(commonmarkConstructs(text!)) };
        // a value may lose the template a construct (a bold value starting with a blank); it may add none
        const extra = (g: string[], w: string[]) => {
          const left = [...w];
          return g.filter((x) => {
            const i = left.indexOf(x);
            if (i < 0) return true;
            left.splice(i, 1);
            return false;
          });
        };
        if (extra(got.marked, want.marked).length || extra(got.commonmark, want.commonmark).length) problems.push(`${c.name} with ${JSON.stringify(value)}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}\n${text}`);
        // no link or image to a host the payload's URL fields did not name (a value may be a path, encoded)
        for (const x of [...markedConstructs(text!), ...commonmarkConstructs(text!)]) {
          if (/^(link|image) /.test(x)) expect(new URL(x.replace(/^\S+ /, '')).host, `${c.name}: ${x}`).toBe('example.com');
        }
        checked++;
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(1500);
  });

  it('the checks find markup the old escaper let through (the test can fail)', async () => {
    const { escapeMarkdown } = await import('../src/robot/markdown.js');
    for (const v of ['_it_', 'line\n===', '    indented code', 'https://evil.example/x', '#hashtag']) {
      const text = `value:\n\n${escapeMarkdown(v)}`;
      expect([markedConstructs(text), commonmarkConstructs(text)].flat().length, v).toBeGreaterThan(0);
    }
  });

  it('plain words skip the escape and come out as the full escape would make them', async () => {
    const { plainText, escapeAll } = await import('../src/notify/plain.js');
    const words = ['main', 'Build', '562', 'failure', 'feature/x-2', 'Ünïcødé naïve', 'a, b', 'release 1', '東京', 'x-y-z', 'a/b/c'];
    for (const w of words) expect(plainText(w), w).toBe(escapeAll(w));
    // the fast path is taken by these and by nothing the full escape changes: every hostile value still is
    for (const v of HOSTILE) expect(plainText(v), v).toBe(escapeAll(v));
    for (const v of ['-', '1', '1x', ' lead', 'trail ', 'a\nb', 'www', '@', 'a:b']) expect(plainText(v), v).toBe(escapeAll(v));
  });
});
