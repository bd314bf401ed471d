// Bundles the built bot (dist/src/main.js, from tsc) into dist/bundle/: what `npm start`, the image and the
// `summoner` bin run. Why: Node's ESM loader resolves, reads and compiles each of the ~330 modules one by one
// at start; one file for the code every start runs takes `bench:start`'s ready time from ~350 ms to ~200 ms on
// this 2-core machine, and changes nothing at idle (`bench:idle`).
//
// What is bundled: our code and the packages the start itself loads (BUNDLED_PACKAGES: zod, js-yaml, pino
// with its own dependencies, mustache), each with whatever it imports. What stays a package, loaded from node_modules as
// before: everything else (the Mattermost client, acme-client, tar, ssh2, natural, ...: loaded on first use,
// so bundling them would not make the start quicker and would change code that runs as its authors ship it),
// native modules (better-sqlite3), and what our code loads through `createRequire` (dockerode, node-schedule,
// cron-parser, luxon, semver, ajv, prom-client, bcryptjs: esbuild does not follow those calls).
// Our dynamic `import()`s become chunks beside the entry, loaded when first used, as before. The one place a
// bundled package finds a file by `__dirname` is pino's transports (worker threads), which Summoner does not
// use: src/log.ts writes through pino.destination.
// dist/src stays: tests, `--explain` and the benches' tools import from it; the bundle is built from it, so
// both are the same code.
import { build, transform, type Plugin } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Packages the start loads: bundled with their own dependencies. */
export const BUNDLED_PACKAGES = new Set(['zod', 'js-yaml', 'pino', 'mustache']);

/** Our CommonJS files (under dist/src) loaded by a path relative to the module that loads them. */
const CJS_BESIDE = ['core/catalog/compose-validator.generated.cjs'];

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for a path. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Our code's imports of packages outside BUNDLED_PACKAGES stay imports; inside a bundled package, all is bundled. */
const onlyStartPackages: Plugin = {
  name: 'only-start-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const pkg = packageOf(args.path);
      if (!pkg || args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      return BUNDLED_PACKAGES.has(pkg) ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * Bundles `<dist>/src/main.js` into `<dist>/bundle/`. `<dist>`'s parent must hold package.json, minions/ and
 * node_modules/, as the repository and the image do: the bundle finds them from where it is, like dist/src.
 */
export async function bundle(dist = path.join(root, 'dist')): Promise<{ files: number; bytes: number }> {
  const outdir = path.join(dist, 'bundle');
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [path.join(dist, 'src/main.js')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // smaller text to parse at start (V8 pre-parses a module's whole source when it compiles it); names are
    // kept, so a logged stack still reads
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    // ASCII source: V8 keeps a module's text as one-byte characters, not two
    charset: 'ascii',
    legalComments: 'none',
    // the packages bundled here are CommonJS inside (pino and its dependencies): `require` for them, as in Node
    banner: { js: "import { createRequire as __summonerRequire } from 'node:module'; const require = __summonerRequire(import.meta.url);" },
    plugins: [onlyStartPackages],
    logLevel: 'warning',
    metafile: true,
  });
  // CommonJS files our code loads through createRequire by a relative path (the compose validator, on first
  // use): beside the chunks, where that path leads from them, minified like them (V8 keeps a loaded module's
  // source text on its heap for good)
  for (const rel of CJS_BESIDE) {
    const out = await transform(fs.readFileSync(path.join(dist, 'src', rel), 'utf8'), { format: 'cjs', platform: 'node', target: 'node20', minifyWhitespace: true, minifySyntax: true, keepNames: true, charset: 'ascii', legalComments: 'none' });
    fs.writeFileSync(path.join(outdir, path.basename(rel)), out.code);
  }
  const js = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
  for (const f of fs.readdirSync(outdir)) if (f.endsWith('.js')) asciiOnly(path.join(outdir, f));
  return { files: js.length, bytes: js.reduce((n, [, o]) => n + o.bytes, 0) };
}

/**
 * esbuild's `charset: 'ascii'` escapes strings and cooked templates but leaves regular expression literals and
 * `String.raw` templates as written, and one non-ASCII character makes V8 keep the whole chunk's source as
 * two-byte text (the understanding step's chunk: ~0.97 MB of heap instead of ~0.48). `\uXXXX` means the same
 * character in every place a minified chunk can hold one: string and template literals, identifiers, and
 * regular expressions with or without the `u` flag (a surrogate pair written as two escapes is one code point
 * under `u`); our `String.raw` templates are all regular expression sources. Comments are already gone.
 */
export function asciiOnly(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) return;
  fs.writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

// silent: `npm start` builds first, and a one-shot's output (`npm start --silent -- status`) is the answer alone
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundle();
