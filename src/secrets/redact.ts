// The one list of secret values this process knows, and the masking of them. Each secret is registered at the
// moment it is loaded or generated (chat and slash tokens, webhook secrets, the metrics token, generated
// database passwords, SFTP key contents and passphrases, the off-site encryption key); the logger masks every
// registered value in each line it writes, whatever field, message, error cause or stack it sits in.
// Values shorter than 4 characters are not masked: they would blank ordinary words.

const MIN_LENGTH = 4;
const registered = new Set<string>();
let pattern: RegExp | undefined;
let dirty = false;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The forms a value takes in text: itself, and JSON-escaped (as it appears inside a log line). */
function formsOf(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  return json === value ? [value] : [value, json];
}

/** Remember a secret value (and its JSON-escaped form) so it is masked wherever it would be logged. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string') return;
  for (const v of [value, value.trim()]) {
    if (v.length < MIN_LENGTH) continue;
    for (const f of formsOf(v)) {
      if (!registered.has(f)) {
        registered.add(f);
        dirty = true;
      }
    }
  }
}

/** Every value of a map of secrets (an app's generated passwords). */
export function registerSecrets(values: Record<string, string> | readonly string[] | undefined): void {
  for (const v of Array.isArray(values) ? values : Object.values(values ?? {})) registerSecret(v as string);
}

/** How many values are registered (for tests and the log line at start). */
export function registeredCount(): number {
  return registered.size;
}

/** For tests: forget every value. */
export function clearSecretsForTests(): void {
  registered.clear();
  pattern = undefined;
  dirty = false;
}

function compile(values: Iterable<string>): RegExp | undefined {
  const list = [...values].filter((v) => v.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
  return list.length ? new RegExp(list.map(escapeRe).join('|'), 'g') : undefined;
}

/**
 * Replace every registered secret value (and any given `extra` values) in text with `[redacted]`, longest
 * first (so a value containing another is masked whole).
 */
export function redact(text: string, extra?: Record<string, string> | readonly string[]): string {
  if (dirty) {
    pattern = compile(registered);
    dirty = false;
  }
  const extras = extra ? (Array.isArray(extra) ? extra : Object.values(extra)) : [];
  const re = extras.length ? compile([...registered, ...extras.flatMap((v: string) => formsOf(v))]) : pattern;
  if (!re) return text;
  return text.replace(re, '[redacted]');
}

/** A copy of an error whose message, stack and every `cause` down the chain are masked (for anything that shows it). */
export function redactError(err: unknown, depth = 0): unknown {
  if (typeof err === 'string') return redact(err);
  if (!(err instanceof Error) || depth > 8) return err;
  const copy = Object.create(Object.getPrototypeOf(err) as object) as Error & Record<string, unknown>;
  for (const k of Object.getOwnPropertyNames(err)) {
    const v = (err as unknown as Record<string, unknown>)[k];
    copy[k] = k === 'cause' ? redactError(v, depth + 1) : typeof v === 'string' ? redact(v) : v;
  }
  return copy;
}
