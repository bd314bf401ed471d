// The short generic form of an event no recipe or built-in acted on (a hook's `otherwise: generic`): the hook,
// the event and action, what it is about, its status, where and by whom, then what the sender wrote for people
// (a message, the alerts of an Alertmanager-format payload, a comment's first line). It reads fields by the
// names senders share (title, name, html_url, status…), never one sender's payload, and leaves out what the
// payload lacks. Every value is plain text; no raw JSON reaches chat.
import { plainInline, plainLine } from '../plain.js';
import { bold, first, linked, numbered, obj, refName, str, words, type Obj } from './fields.js';
import { outcomeColor, post, type Post } from './outcome.js';

/** Objects a payload is often about, most specific first (GitHub, Gitea, GitLab, Sentry, Nextcloud, monitors). */
const SUBJECTS = ['pull_request', 'issue', 'merge_request', 'release', 'package', 'registry_package', 'forkee', 'workflow_run', 'workflow_job', 'check_run', 'check_suite', 'deployment', 'object_attributes', 'data.issue', 'data.event', 'data.error', 'event.form', 'event.node', 'form', 'monitor', 'check'];
/** Where a sender puts text written for people, at the payload's top. */
const MESSAGE_KEYS = ['message', 'msg', 'text', 'body'];
const HEAD_KEYS = ['title', 'summary', 'subject'];
const MAX_LINES = 5;

const at = (p: Obj, dotted: string): Obj => dotted.split('.').reduce<Obj>((o, k) => obj(o[k]), p);

/** The first object among SUBJECTS that names something, and its path. */
function subjectObject(p: Obj): { path: string; o: Obj; label: string } | undefined {
  for (const path of SUBJECTS) {
    const o = at(p, path);
    const label = first(o['title'], o['name'], o['full_name'], o['tag_name'], o['repo_name'], o['path']);
    if (label) return { path, o, label };
  }
  return undefined;
}

/** `#12 title` linked, `name` linked, a ref, or undefined: what the event is about. */
function subjectOf(p: Obj): string | undefined {
  // a ref made or removed (create, delete), or pushed to: the kind and the name
  if (str(p['ref_type']) && str(p['ref'])) return `${plainInline(p['ref_type'])} ${bold(p['ref'])}`;
  const ref = refName(p['ref']);
  if (ref) return `${ref.kind} ${bold(ref.name)}`;
  const s = subjectObject(p);
  if (s) {
    const url = first(s.o['html_url'], s.o['web_url'], s.o['url']);
    const num = first(s.o['number'], s.o['iid']);
    // GitLab writes merge requests !12
    const sign = s.path === 'merge_request' || p['object_kind'] === 'merge_request' ? '!' : '#';
    return num ? numbered(sign, num, s.label, url) : linked(s.label, url);
  }
  // an iCalendar object (a calendar event): its SUMMARY line
  const ics = first(obj(at(p, 'event')['objectData'])['calendardata']);
  const summary = ics ? /^SUMMARY[^:\r\n]*:(.+)$/m.exec(ics)?.[1]?.trim() : undefined;
  if (summary) return bold(summary);
  // a top-level name (a check, a project in a GitLab system hook)
  const name = first(p['name'], p['path_with_namespace'], p['project_path_with_namespace']);
  return name ? linked(name, first(p['url'], p['html_url'], p['web_url'])) : undefined;
}

/** The outcome word a payload states (status, state, level), if it is a word. */
function statusOf(p: Obj): string | undefined {
  const a = obj(p['object_attributes']);
  // a CI run's outcome is its conclusion (its status is only `completed`)
  const conclusion = subjectObject(p)?.o['conclusion'];
  for (const v of [conclusion, p['status'], p['state'], a['status'], a['state'], p['level'], obj(at(p, 'data.event'))['level']]) {
    if (typeof v === 'string' && /^[A-Za-z][\w -]{0,30}$/.test(v)) return v;
  }
  return undefined;
}

/** Lines of text quoted as they are (plain text), at most MAX_LINES and about 600 characters. */
function quoted(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
  const shown = lines.slice(0, MAX_LINES).map((l) => `> ${plainLine(l, 200)}`);
  return lines.length > MAX_LINES ? [...shown, `> … (${lines.length - MAX_LINES} more lines)`] : shown;
}

/** The alerts of an Alertmanager-format payload (Prometheus Alertmanager, Grafana, others): one line each. */
function alertLines(p: Obj): string[] {
  const alerts = (Array.isArray(p['alerts']) ? p['alerts'] : []).map(obj).filter((a) => a['labels'] !== undefined || a['annotations'] !== undefined);
  const lines = alerts.slice(0, MAX_LINES).map((a) => {
    const labels = obj(a['labels']);
    const notes = obj(a['annotations']);
    const name = first(labels['alertname'], notes['title']) ?? 'alert';
    const about = first(notes['summary'], notes['description'], notes['message'], labels['instance']);
    return `- ${words(bold(first(a['status'])), linked(name, first(a['generatorURL'], a['panelURL'], a['dashboardURL'])))}${about ? `: ${plainLine(about, 200)}` : ''}`;
  });
  const more = alerts.length - lines.length + (typeof p['truncatedAlerts'] === 'number' ? p['truncatedAlerts'] : 0);
  return more > 0 ? [...lines, `- … and ${more} more`] : lines;
}

/** A class name as a Nextcloud listener sends it (CalendarObjectCreatedEvent) in words: calendar object created. */
const eventWords = (event: string) => (/^(?:[A-Z][a-z0-9]+){2,}$/.test(event) ? event.replace(/Event$/, '').replace(/(?<=[a-z0-9])(?=[A-Z])/g, ' ').toLowerCase() : event);

export function genericPost(hook: string, event: string, payload: unknown): Post {
  const p = obj(payload);
  const repo = obj(p['repository']);
  const project = obj(p['project']);
  const sender = obj(p['sender']);
  const user = obj(p['user']);
  const where = linked(first(repo['full_name'], project['path_with_namespace'], repo['repo_name'], repo['name'], project['name']), first(repo['html_url'], project['web_url'], repo['homepage'], repo['repo_url']));
  const action = first(p['action'], obj(p['object_attributes'])['action']);
  const who = first(sender['login'], sender['username'], p['user_username'], user['username'], user['displayName'], user['uid'], user['name']);
  const status = statusOf(p);
  const head = first(...HEAD_KEYS.map((k) => p[k]));
  const alerts = alertLines(p);
  // a sender with no event name of its own (Uptime Kuma, Alertmanager…) is `unknown`: not worth saying
  const what = event === 'unknown' ? undefined : plainInline(eventWords(event)) + (action ? ` ${plainInline(action)}` : '');
  // an alert group without a title of its own: how many, and what the group is (its alertname)
  const count = (Array.isArray(p['alerts']) ? p['alerts'].length : 0) + (typeof p['truncatedAlerts'] === 'number' ? p['truncatedAlerts'] : 0);
  const alertname = first(obj(p['groupLabels'])['alertname'], obj(p['commonLabels'])['alertname']);
  const group = alerts.length && !head ? words(`${count} alert${count === 1 ? '' : 's'}`, alertname ? `(${plainInline(alertname)})` : undefined) : undefined;
  const subject = head ? plainLine(head, 200) : (group ?? subjectOf(p));
  const said = status && status !== action ? bold(status.replace(/_/g, ' ')) : undefined;
  const firstLine = words(`${plainInline(hook)}:`, what, subject, said, where ? `on ${where}` : undefined, who ? `by ${plainInline(who)}` : undefined);
  const comment = first(obj(p['comment'])['body'], obj(p['object_attributes'])['note']);
  const message = first(...MESSAGE_KEYS.map((k) => p[k]));
  const rest = alerts.length ? alerts : message ? quoted(message) : comment ? [`> ${plainLine(comment)}`] : [];
  if (!subject && !said && !where && !who && rest.length === 0) {
    // nothing a person could read: say that it came, and what it holds, rather than a bare "hook: event"
    const keys = Object.keys(p);
    const fields = keys.slice(0, 8).map(plainInline).join(', ') + (keys.length > 8 ? `, … (${keys.length} in all)` : '');
    return post(words(`${plainInline(hook)}:`, what, `${what ? 'with' : 'an event with'} no title, message or status${keys.length ? ` (its fields: ${fields}); a recipe can post what it needs` : ' (an empty object)'}`));
  }
  return post([firstLine, ...rest].join('\n'), outcomeColor(status));
}
