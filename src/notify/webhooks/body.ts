// A webhook's body as a payload object. Senders post JSON, or a form: GitHub's and Gitea's default
// (application/x-www-form-urlencoded, the JSON in `payload`), Uptime Kuma's "form-data" preset (multipart, the
// JSON in `data`), or plain fields from a tool that posts a form. What is not JSON as sent is normalised, and the
// answer says how it was read (`read`). The signature was checked over the raw body before this.
import type { Source } from './verify.js';

export class BodyError extends Error {}

export interface ReadBody {
  payload: Record<string, unknown>;
  /** How a body that was not a JSON object was read, for the sender's answer. */
  read?: string;
}

/** Form fields that senders put their JSON in. */
const JSON_FIELDS = ['payload', 'data', 'json'];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function parseObject(text: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    // a byte-order mark (some Windows tools write one) is not JSON, but changes nothing
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new BodyError(`${what} is not JSON`);
  }
  if (!isObject(v)) throw new BodyError(`${what} is not a JSON object`);
  return v;
}

/**
 * A form's payload: the JSON in its `payload`, `data` or `json` field; or, for a generic or Nextcloud hook,
 * its fields as an object (a repeated field as a list). GitHub and Gitea always send `payload`: a form without it
 * at their hooks is refused, as before.
 */
function fromForm(fields: [string, string][], source: Source, kind: string): ReadBody {
  const byName = new Map<string, string[]>();
  for (const [k, v] of fields) byName.set(k, [...(byName.get(k) ?? []), v]);
  for (const name of JSON_FIELDS) {
    const v = byName.get(name);
    if (v?.length === 1 && /^\s*\{/.test(v[0]!)) return { payload: parseObject(v[0]!, `the form's ${name} field`), read: `the ${kind}'s ${name} field as JSON` };
  }
  if (source === 'github' || source === 'gitea' || source === 'gitlab') throw new BodyError('the form has no JSON payload= field');
  if (byName.size === 0) throw new BodyError(`the ${kind} has no fields`);
  return { payload: Object.fromEntries([...byName].map(([k, v]) => [k, v.length === 1 ? v[0] : v])), read: `the ${kind}'s fields as a JSON object` };
}

/** The payload; a promise only for a multipart form (its reader is async), so a JSON body adds no turn of the loop. */
export function readPayload(body: Buffer, contentType: string, source: Source): ReadBody | Promise<ReadBody> {
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) return fromForm([...new URLSearchParams(body.toString('utf8'))], source, 'form');
  if (/^multipart\/form-data\b/i.test(contentType)) return fromMultipart(body, contentType, source);
  // a tool that only pings (its event named by a header, or none): an event with nothing in it
  if (body.length === 0 && (source === 'generic' || source === 'nextcloud')) return { payload: {}, read: 'an empty body as {}' };
  return { payload: parseObject(body.toString('utf8'), 'the body') };
}

async function fromMultipart(body: Buffer, contentType: string, source: Source): Promise<ReadBody> {
  let form: FormData;
  try {
    // the platform's own multipart reader (undici), as fetch reads a response
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new BodyError('the multipart form cannot be read (no boundary, or a broken part)');
  }
  // files are not read: a payload is text
  return fromForm([...form.entries()].flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])), source, 'multipart form');
}
