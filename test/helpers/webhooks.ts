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
  const kind = (JSON.parse(body.toString()) as { object_kind: string }).object_kind;
  return {
    'content-type': 'application/json',
    'user-agent': 'GitLab/17.6.0',
    'x-gitlab-event': GITLAB_HEADER[kind] ?? 'System Hook',
    'x-gitlab-event-uuid': o.uuid ?? randomUUID(),
    'x-gitlab-instance': 'https://gitlab.example.com',
    'x-gitlab-token': token,
  };
}

export function bearerHeaders(token: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${token}` };
}

export async function post(url: string, body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, text: await res.text() };
}
