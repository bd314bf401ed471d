// Sends the fixtures under test/fixtures/webhooks the way each sender does: its headers, its signature.
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/webhooks');

export function fixture(source: string, name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, source, `${name}.json`));
}

const GITLAB_HEADER: Record<string, string> = {
  pipeline: 'Pipeline Hook',
  build: 'Job Hook',
  push: 'Push Hook',
  tag_push: 'Tag Push Hook',
  merge_request: 'Merge Request Hook',
  deployment: 'Deployment Hook',
  note: 'Note Hook',
  issue: 'Issue Hook',
  release: 'Release Hook',
  wiki_page: 'Wiki Page Hook',
  feature_flag: 'Feature Flag Hook',
  emoji: 'Emoji Hook',
};

export function githubHeaders(secret: string, event: string, body: Buffer, o: { delivery?: string } = {}): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/3116550',
    'x-github-event': event,
    'x-github-delivery': o.delivery ?? randomUUID(),
    'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
  };
}

export function gitlabHeaders(token: string, body: Buffer, o: { uuid?: string } = {}): Record<string, string> {
  // system hooks (project_create, user_add_to_team…) carry event_name and no object_kind
  const kind = (JSON.parse(body.toString()) as { object_kind?: string }).object_kind ?? '';
  return {
    'content-type': 'application/json',
    'user-agent': 'GitLab/17.6.0',
    'x-gitlab-event': GITLAB_HEADER[kind] ?? 'System Hook',
    'x-gitlab-event-uuid': o.uuid ?? randomUUID(),
    'x-gitlab-instance': 'https://gitlab.example.com',
    'x-gitlab-token': token,
  };
}

/**
 * Gitea's headers (services/webhook/deliver.go): its own, Gogs' and GitHub's names for the same event, delivery
 * and signatures; Forgejo adds X-Forgejo-* beside them.
 */
export function giteaHeaders(secret: string, event: string, body: Buffer, o: { forgejo?: boolean; type?: string; contentType?: string } = {}): Record<string, string> {
  const id = randomUUID();
  const sig = createHmac('sha256', secret).update(body).digest('hex');
  const sha1 = createHmac('sha1', secret).update(body).digest('hex');
  const type = o.type ?? event;
  return {
    'content-type': o.contentType ?? 'application/json',
    'user-agent': 'Go-http-client/1.1',
    'x-gitea-delivery': id,
    'x-gitea-event': event,
    'x-gitea-event-type': type,
    'x-gitea-signature': sig,
    'x-gogs-delivery': id,
    'x-gogs-event': event,
    'x-gogs-event-type': type,
    'x-gogs-signature': sig,
    'x-github-delivery': id,
    'x-github-event': event,
    'x-github-event-type': type,
    'x-hub-signature': `sha1=${sha1}`,
    'x-hub-signature-256': `sha256=${sig}`,
    ...(o.forgejo ? { 'x-forgejo-delivery': id, 'x-forgejo-event': event, 'x-forgejo-event-type': type, 'x-forgejo-signature': sig } : {}),
  };
}

export function bearerHeaders(token: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${token}` };
}

export async function post(url: string, body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, text: await res.text() };
}
