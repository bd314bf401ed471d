// Pure webhook verifiers and event readers, one per source (STYLE §7: secret, raw body and headers in, a
// precise verdict out; signatures compared in constant time). No I/O: the HTTP edge calls these.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type Source = 'gitlab' | 'github' | 'gitea' | 'nextcloud' | 'generic';
/** gitea covers Forgejo too (its headers say X-Forgejo-…, the payloads are the same). */
export const SOURCES: readonly Source[] = ['gitlab', 'github', 'gitea', 'nextcloud', 'generic'];

export type Headers = Record<string, string | string[] | undefined>;

/**
 * `by`: a signature (an HMAC of this very body) or a token (the shared secret sent as is). A token proves the
 * sender but not the body: whoever holds it can send any body, so an identical body under it is not a replay to
 * guard against for a week, only a retry (src/notify/center.ts).
 */
export type Verdict = { ok: true; by: 'signature' | 'token' } | { ok: false; reason: string };

/** What the notification center needs from a request: the event name and an id to drop duplicates by. */
export interface ReadEvent {
  event: string;
  /** The sender's delivery id (GitHub, GitLab), or a hash of the body. */
  deliveryId: string;
}

const header = (h: Headers, name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** Constant-time equality of two strings (lengths are not secret: the digests are fixed-size). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // same work either way
    return false;
  }
  return timingSafeEqual(x, y);
}

export const hmacSha256 = (secret: string, body: Buffer | string): string => createHmac('sha256', secret).update(body).digest('hex');
export const sha256 = (body: Buffer | string): string => createHash('sha256').update(body).digest('hex');

function bearer(h: Headers): string | undefined {
  const a = header(h, 'authorization');
  const m = a ? /^Bearer\s+(.+)$/i.exec(a.trim()) : null;
  return m?.[1];
}

/** Checks the request is from the sender holding `secret`. */
export function verify(source: Source, secret: string, body: Buffer, h: Headers): Verdict {
  switch (source) {
    case 'gitlab': {
      // GitLab sends the configured secret token as is (no signature): compare it in constant time.
      const t = header(h, 'x-gitlab-token');
      if (!t) return { ok: false, reason: 'no X-Gitlab-Token header (the webhook has no secret token: set one)' };
      return safeEqual(t, secret) ? { ok: true, by: 'token' } : { ok: false, reason: 'X-Gitlab-Token does not match' };
    }
    case 'github': {
      const sig = header(h, 'x-hub-signature-256');
      if (!sig) return { ok: false, reason: 'no X-Hub-Signature-256 header (the webhook has no secret: set one)' };
      return safeEqual(sig, `sha256=${hmacSha256(secret, body)}`) ? { ok: true, by: 'signature' } : { ok: false, reason: 'X-Hub-Signature-256 does not match the body' };
    }
    case 'gitea': {
      // Gitea and Forgejo sign the raw body with HMAC-SHA256, hex without a prefix
      const sig = header(h, 'x-forgejo-signature') ?? header(h, 'x-gitea-signature');
      if (!sig) return { ok: false, reason: 'no X-Gitea-Signature or X-Forgejo-Signature header (the webhook has no secret: set one)' };
      return safeEqual(sig.toLowerCase(), hmacSha256(secret, body)) ? { ok: true, by: 'signature' } : { ok: false, reason: 'the signature does not match the body' };
    }
    case 'nextcloud':
    case 'generic': {
      // An HMAC of the body when the sender can sign; otherwise a bearer token (Nextcloud's webhook_listeners
      // and Flow send fixed headers, they cannot sign).
      const want = hmacSha256(secret, body);
      const signed = HMAC_HEADERS.flatMap((name) => {
        const v = header(h, name);
        return v ? [{ name, ok: safeEqual(v.trim().toLowerCase().replace(/^sha256=/, ''), want) }] : [];
      });
      if (signed.some((x) => x.ok)) return { ok: true, by: 'signature' };
      const tok = bearer(h) ?? header(h, 'x-summoner-token');
      if (tok) return safeEqual(tok, secret) ? { ok: true, by: 'token' } : { ok: false, reason: 'the token does not match' };
      if (signed.length) return { ok: false, reason: `${signed.map((x) => x.name).join(', ')} does not match the body` };
      return { ok: false, reason: 'no signature (X-Summoner-Signature: sha256=<HMAC-SHA256 of the body>), bearer token or X-Summoner-Token header' };
    }
  }
}

/**
 * Headers in which senders put the HMAC-SHA256 of the raw body with the shared secret, hex, with or without
 * `sha256=`: ours, GitHub's form (other tools copy it), Sentry's integrations, Grafana's webhook contact point.
 */
const HMAC_HEADERS = ['x-summoner-signature', 'x-signature-256', 'x-hub-signature-256', 'sentry-hook-signature', 'x-grafana-alerting-signature'];

/** Headers in which a sender that is not GitHub, GitLab or Gitea names its event (Sentry's resource; Bitbucket's key). */
const GENERIC_EVENT_HEADERS = ['x-summoner-event', 'sentry-hook-resource', 'x-event-key', 'x-event-type', 'x-github-event', 'x-gitea-event', 'x-gitlab-event'];
const GENERIC_DELIVERY_HEADERS = ['x-summoner-delivery', 'x-github-delivery', 'x-gitea-delivery', 'x-gitlab-event-uuid', 'x-request-id', 'request-id'];

/** GitLab's object_kind `build` is what its documentation calls a job event. */
const GITLAB_KINDS: Record<string, string> = { build: 'job' };

/** Nextcloud's event classes, by their last segment, as short names. */
const NEXTCLOUD_EVENTS: Record<string, string> = {
  NodeCreatedEvent: 'file.created',
  NodeWrittenEvent: 'file.written',
  NodeDeletedEvent: 'file.deleted',
  NodeRenamedEvent: 'file.renamed',
  NodeCopiedEvent: 'file.copied',
  ShareCreatedEvent: 'share.created',
  ShareDeletedEvent: 'share.deleted',
};

/** The event's name and delivery id, from the source's headers and payload. */
export function readEvent(source: Source, body: Buffer, payload: unknown, h: Headers): ReadEvent {
  const p = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  let event: string | undefined;
  let id: string | undefined;
  switch (source) {
    case 'gitlab': {
      const kind = str(p['object_kind']) ?? str(p['event_name']);
      event = kind ? (GITLAB_KINDS[kind] ?? kind) : header(h, 'x-gitlab-event')?.toLowerCase().replace(/ hook$/, '').replace(/ /g, '_');
      id = header(h, 'x-gitlab-event-uuid');
      break;
    }
    case 'github':
      event = header(h, 'x-github-event');
      id = header(h, 'x-github-delivery');
      break;
    case 'gitea':
      event = header(h, 'x-forgejo-event') ?? header(h, 'x-gitea-event');
      id = header(h, 'x-forgejo-delivery') ?? header(h, 'x-gitea-delivery');
      break;
    case 'nextcloud': {
      const ev = p['event'] as Record<string, unknown> | undefined;
      const cls = str(ev?.['class']);
      const last = cls?.split('\\').pop();
      // Flow's "Webhook" action posts its own shape; a header can name the event then.
      event = last ? (NEXTCLOUD_EVENTS[last] ?? last) : (header(h, 'x-summoner-event') ?? 'flow');
      id = header(h, 'x-summoner-delivery');
      break;
    }
    case 'generic':
      event = GENERIC_EVENT_HEADERS.map((n) => header(h, n)).find(Boolean) ?? str(p['event']) ?? str(p['type']);
      id = GENERIC_DELIVERY_HEADERS.map((n) => header(h, n)).find(Boolean) ?? str(p['id']);
      break;
  }
  // No id from the sender: the content is the identity (a re-sent identical body is the same event).
  return { event: (event ?? 'unknown').slice(0, 100), deliveryId: (id ?? `sha256:${sha256(body)}`).slice(0, 200) };
}
