// A command line of another tool, typed from habit: "docker compose restart ghost", "kubectl scale deploy/wekan
// --replicas=3", "journalctl -u wordpress -n 80", « tu peux me sortir un docker compose logs --tail=50 de ghost ? »,
// "dokku ps:restart wordpress", "heroku pg:backups:capture -a ghost", "systemctl stop registry". Each was asked back
// or read as nothing, though its meaning is plain. The tool's line, where it sits in the message (in backticks too),
// is written as Summoner's own ("restart ghost", "scale wekan 3", "logs wordpress 80"), and the message around it is
// read as usual: a question, a story or a hypothetical around the line keeps it from acting ("did someone docker
// compose down wekan??" asks who did). What the line would do is Summoner's nearest command: `stop` and `down` remove
// the containers and keep the data (`dismiss`), `down -v` removes the data too (`dismiss --purge`, confirmed as every
// destructive command is); `pull` then `up` is an update. A line whose verb has no counterpart here ("docker exec -it
// nextcloud bash") is left as typed, and what an exec runs inside the container is never read as Summoner's. Pure.

/** A line read: Summoner's words for it, from the tool's verb, its app, count and version. */
type Parsed = { app?: string; n?: string; version?: string; purge?: boolean; rest: string[] };
type Verb = (p: Parsed) => string | undefined;

const withApp = (cmd: string) => (p: Parsed) => (p.app ? `${cmd} ${p.app}` : cmd);
const STATUS: Verb = (p) => (p.app ? `status ${p.app}` : 'status');
const LOGS: Verb = (p) => ['logs', p.app, p.n].filter(Boolean).join(' ');
const SUMMON: Verb = (p) => ['summon', p.app, p.version].filter(Boolean).join(' ');
/** `up` with a count is a scale ("up -d --scale wordpress=4"), else a summon. */
const UP: Verb = (p) => (p.n && p.app && Number(p.n) > 0 ? `scale ${p.app} ${p.n}` : SUMMON(p));
const DISMISS: Verb = (p) => ['dismiss', p.app, p.purge ? '--purge' : undefined].filter(Boolean).join(' ');
const UPDATE: Verb = (p) => ['update', p.app, p.version].filter(Boolean).join(' ');
const SCALE: Verb = (p) => ['scale', p.app, p.n].filter(Boolean).join(' ');
// ("docker exec gitlab gitlab-backup create": a backup tool run inside the app's container is its backup)
const EXEC: Verb = (p) => (p.app && p.rest.some((w) => /backup|dump/i.test(w)) ? `backup ${p.app}` : undefined);

/** Each tool's verbs (one word, or two joined by a space) and what they are here. */
const TOOLS: Record<string, Record<string, Verb>> = {
  docker: {
    ps: STATUS, stats: STATUS, top: STATUS, inspect: STATUS, 'container ls': STATUS, 'service ls': STATUS, 'service ps': STATUS,
    logs: LOGS, 'service logs': LOGS, restart: withApp('restart'), start: SUMMON, up: UP, run: SUMMON, stop: DISMISS, down: DISMISS, rm: DISMISS,
    pull: UPDATE, 'service scale': SCALE, scale: SCALE, exec: EXEC,
  },
  kubectl: {
    'get pods': STATUS, 'get pod': STATUS, 'get po': STATUS, 'get deploy': STATUS, 'get deployments': STATUS, 'get deployment': STATUS, 'get all': STATUS, 'get svc': STATUS,
    'describe pod': STATUS, 'describe po': STATUS, 'describe deploy': STATUS, 'describe deployment': STATUS, logs: LOGS,
    'rollout restart': withApp('restart'), 'rollout undo': withApp('rollback'), scale: SCALE, 'set image': UPDATE, 'get cronjobs': () => 'schedules', 'get cronjob': () => 'schedules', 'get cj': () => 'schedules',
    'delete cronjob': (p) => (p.app ? `schedule remove ${p.app}` : undefined), 'delete deploy': DISMISS, 'delete deployment': DISMISS,
  },
  helm: { upgrade: UPDATE, rollback: withApp('rollback'), list: STATUS, ls: STATUS, status: STATUS },
  systemctl: { restart: withApp('restart'), reload: withApp('restart'), start: SUMMON, 'enable --now': SUMMON, stop: DISMISS, status: STATUS },
  journalctl: { '': LOGS },
  dokku: { 'ps:restart': withApp('restart'), 'ps:scale': SCALE, 'ps:report': STATUS, logs: LOGS, 'letsencrypt:list': () => 'certs', 'ps:stop': DISMISS, 'ps:start': SUMMON },
  heroku: { restart: withApp('restart'), logs: LOGS, ps: STATUS, 'pg:backups:capture': withApp('backup'), 'pg:backups': withApp('backups'), 'pg:backups:restore': withApp('restore'), 'releases:rollback': withApp('rollback'), 'ps:scale': SCALE },
  pg_dump: { '': withApp('backup') },
  mysqldump: { '': withApp('backup') },
  mariadb_dump: { '': withApp('backup') },
  crontab: { '-l': () => 'schedules' },
  velero: { 'backup get': withApp('backups'), 'backup describe': withApp('backups'), 'backup create': withApp('backup'), 'schedule get': () => 'schedules', 'get backups': withApp('backups') },
};
/** What each tool is typed as. */
const TOOL_NAMES: Record<string, string> = { docker: 'docker', podman: 'docker', 'docker-compose': 'docker', 'podman-compose': 'docker', kubectl: 'kubectl', k: 'kubectl', kctl: 'kubectl', helm: 'helm', systemctl: 'systemctl', journalctl: 'journalctl', dokku: 'dokku', heroku: 'heroku', pg_dump: 'pg_dump', mysqldump: 'mysqldump', 'mariadb-dump': 'mariadb_dump', crontab: 'crontab', velero: 'velero' };
/** Flags followed by the app's name ("-a ghost", "-u wordpress", "--app ghost"). */
const APP_FLAGS = new Set(['-a', '--app', '-u', '--unit']);
/** Flags followed by a count of lines ("-n 80", "--tail 50"). */
const COUNT_FLAGS = new Set(['-n', '--tail', '--lines']);
/** A kind before the app's name ("deploy/wekan", "deployment/ghost", "pod/x"). */
const KIND_PREFIX = /^(?:deploy|deployment|deployments|pod|pods|po|svc|service|statefulset|sts|app)\//i;

/** The message with each other tool's line in it written as Summoner's. `isApp` tells an app's name. */
export function otherToolLines(text: string, isApp: (w: string) => boolean): string {
  if (!/docker|podman|kubectl|\bk\s|kctl|helm|systemctl|journalctl|dokku|heroku|pg_dump|mysqldump|mariadb-dump|crontab|velero|pull\s*(?:\+|&&|and|then|et|puis)|rollout\s+restart/i.test(text)) return text;
  // ("the equivalent of a compose pull + up -d for ghost", « un pull + up -d sur mattermost »: pulling then starting is an update)
  let out = text.replace(/(?:\b(?:docker[- ])?compose\s+)?\bpull\s*(?:\+|&&|then|puis|and|et)\s*(?:(?:docker[- ]compose\s+|compose\s+)?up(?:\s+-d)?|re-?deploy|red[ée]ploie|red[ée]ployer)\b/giu, 'update');
  // ("i'd just rollout restart mattermost": kubectl's restart said without it)
  out = out.replace(/(?<!\b(?:kubectl|k|kctl)\s+)\brollout\s+restart\b/giu, 'restart');
  const tokens = [...out.matchAll(/\S+/gu)];
  // from the end, so that positions before a rewritten line stay right
  for (let i = tokens.length - 1; i >= 0; i--) {
    const start = clean(tokens[i]![0]);
    const tool = TOOL_NAMES[start.toLowerCase()];
    // (in quotes or backticks mid-message, the line is talked about: "my hands still type `kubectl get pods`"; it is
    // asked only when the message opens on it, "`docker compose restart ghost` pls")
    if (!tool || (i > 0 && /^[`"'“«]/u.test(tokens[i]![0]))) continue;
    const line = readLine(tokens.slice(i).map((t) => t[0]), tool, isApp);
    if (!line) continue;
    const from = tokens[i]!.index! + (tokens[i]![0].length - tokens[i]![0].replace(/^[`"'“«(]+/u, '').length);
    const last = tokens[i + line.used - 1]!;
    const to = last.index! + last[0].replace(/[`"'”»),.;:!?]+$/u, '').length;
    out = out.slice(0, from) + line.said + out.slice(to);
  }
  return out;
}

/** A token without the quotes or punctuation around it. */
function clean(token: string): string {
  return token.replace(/^[`"'“«(]+|[`"'”»),.;:!?]+$/gu, '');
}

/** The tool's line read from its first token: Summoner's words, and how many tokens it took. */
function readLine(raw: string[], tool: string, isApp: (w: string) => boolean): { said: string; used: number } | undefined {
  const verbs = TOOLS[tool]!;
  let k = 1;
  // ("docker compose logs", "docker-compose logs": the compose word is the tool's)
  if (tool === 'docker' && clean(raw[1] ?? '').toLowerCase() === 'compose') k = 2;
  if (closes(raw[k - 1]!) && !('' in verbs)) return undefined;
  const word = (j: number) => clean(raw[j] ?? '').toLowerCase();
  const two = `${word(k)} ${word(k + 1)}`;
  const verbKey = !closes(raw[k]) && two in verbs ? two : word(k) in verbs ? word(k) : '' in verbs ? '' : undefined;
  // ("k" is kubectl only before one of its verbs)
  if (verbKey === undefined || (raw[0] && clean(raw[0]).toLowerCase() === 'k' && verbKey === '')) return undefined;
  let used = k + (verbKey === '' ? 0 : verbKey.split(' ').length);
  const p: Parsed = { rest: [] };
  let ended = closes(raw[used - 1]!) && used > 1;
  while (!ended && used < raw.length) {
    const t = raw[used]!;
    const w = clean(t);
    const lower = w.toLowerCase();
    if (w === '') break;
    if (lower === '|' && clean(raw[used + 1] ?? '') === 'grep' && isApp(clean(raw[used + 2] ?? '').toLowerCase())) {
      p.app ??= clean(raw[used + 2]!).toLowerCase();
      used += 3;
      ended = closes(raw[used - 1]!);
      continue;
    }
    let took = 1;
    const eq = /^(-{1,2}[\w-]+)=(.*)$/u.exec(w);
    const flag = eq?.[1] ?? (lower.startsWith('-') ? lower : undefined);
    const value = eq ? eq[2]! : clean(raw[used + 1] ?? '');
    if (flag) {
      if (APP_FLAGS.has(flag)) {
        if (isApp(value.toLowerCase())) p.app ??= value.toLowerCase();
        took = eq ? 1 : 2;
      } else if (COUNT_FLAGS.has(flag) && /^\d{1,5}$/.test(value)) {
        p.n ??= value;
        took = eq ? 1 : 2;
      } else if (/^-n\d{1,5}$/.test(lower)) p.n ??= lower.slice(2);
      else if (flag === '--replicas' && /^\d{1,3}$/.test(value) && Number(value) > 0) {
        p.n ??= value;
        took = eq ? 1 : 2;
      } else if (flag === '--set' && /^image\.tag=(.+)$/u.test(value)) {
        p.version ??= /^image\.tag=(.+)$/u.exec(value)![1];
        took = eq ? 1 : 2;
      } else if (flag === '--scale' && /^[\w.-]+=\d{1,3}$/u.test(value)) {
        // ("docker compose up -d --scale wordpress=4": a count for the app, so a scale)
        const [app, n] = value.split('=');
        if (isApp(app!.toLowerCase())) p.app ??= app!.toLowerCase();
        p.n ??= n;
        took = eq ? 1 : 2;
      } else if (['-v', '--volumes'].includes(flag)) p.purge = true;
      // (a revision or a moment Summoner's command cannot take: left as typed, and asked about; "--to-revision=3")
      else if (flag === '--since' || flag === '--until' || flag === '--to-revision' || flag === '--revision') return undefined;
      else if (eq === null && /^--?(?:tail|n)$/.test(flag)) return undefined;
    } else {
      const bare = w.replace(KIND_PREFIX, '');
      // ("deploy/wekan", "wekan=2" (a count), "ghost=ghost:5.118.0" (an image), "ghost:5.118.0", "web=2")
      const pair = /^([\w.-]+)=(.+)$/u.exec(bare);
      const image = /^([\w.-]+\/)?([\w.-]+):(v?\d[\w.+-]*)$/u.exec(pair ? pair[2]! : bare);
      if (pair && /^\d{1,3}$/.test(pair[2]!)) {
        p.n ??= pair[2];
        if (isApp(pair[1]!.toLowerCase())) p.app ??= pair[1]!.toLowerCase();
      } else if (image && isApp(image[2]!.toLowerCase())) {
        p.app ??= image[2]!.toLowerCase();
        p.version ??= image[3];
      } else if (pair && isApp(pair[1]!.toLowerCase())) p.app ??= pair[1]!.toLowerCase();
      else if (isApp(bare.toLowerCase()) && !p.app) p.app = bare.toLowerCase();
      else if (/^\d{1,5}$/.test(bare) && tool === 'docker') p.n ??= bare;
      // (a word the line's verb takes, "docker exec gitlab gitlab-backup create", "kubectl delete cronjob old-backup")
      else if (/^[\w.:/-]+$/u.test(w) && (verbKey === 'exec' || verbKey === 'delete cronjob') && p.rest.length < 3) {
        if (verbKey === 'delete cronjob' && !p.app) p.app = w;
        else p.rest.push(w);
      } else break;
    }
    // (a flag that takes a value, typed last: "journalctl -u")
    used = Math.min(used + took, raw.length);
    ended = closes(raw[used - 1]!);
  }
  const said = verbs[verbKey]!(p);
  // ("docker exec -it wordpress wp plugin update --all": what runs inside the container is that program's line, to its
  // end, never a request to Summoner; the exec alone is left, which asks nothing)
  if (said === undefined && verbKey === 'exec') {
    let end = used;
    while (end < raw.length && !closes(raw[end - 1])) end++;
    return { said: `${clean(raw[0]!)} exec`, used: end };
  }
  return said === undefined ? undefined : { said, used };
}

/** Whether a token ends the line: a closing backtick or quote, or a mark after it ("ghost,", "wekan?"). */
function closes(token: string | undefined): boolean {
  return token !== undefined && /[`"”»),;:!?]$|\.$/u.test(token);
}
