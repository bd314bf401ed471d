// Small helpers for the two endpoints Mattermost calls (slash command, button clicks).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpRequestInfo, HttpResponseInfo } from '../../src/robot/types.js';

export function jsonResponse(status: number, value: unknown): HttpResponseInfo {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

export function header(req: HttpRequestInfo, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** JSON when the request says so (or looks like it), else form-encoded fields. Undefined when unparseable. */
export function parseBody(req: HttpRequestInfo): Record<string, unknown> | undefined {
  const type = (header(req, 'content-type') ?? '').toLowerCase();
  const text = req.body.toString('utf8');
  if (type.includes('application/json') || (!type.includes('form') && /^\s*\{/.test(text))) {
    try {
      const v: unknown = JSON.parse(text);
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  const fields: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) fields[k] = v;
  // A GET slash command carries its fields in the query string.
  if (Object.keys(fields).length === 0) for (const [k, v] of req.query) fields[k] = v;
  return fields;
}

/** Compare secrets in constant time, whatever their lengths (hash first so lengths do not leak). */
export function secretEquals(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
