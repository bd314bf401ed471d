// Replays a collection of webhook payloads kept outside the project (issue 16, done-when 5) into the real bot
// with only the built-in recipes, and reports every 5xx, every post with an empty field, every CI failure not
// red. Layout of <dir>: github/<event>/*.json (octokit/webhooks' payload-examples/api.github.com), and
// gitlab/*.json (GitLab's documented payloads), gitea/…, nextcloud/… the same way.
//   npx tsx scripts/webhooks-replay.ts /tmp/replay [--show] [--generic: hooks post uncovered events in the generic form]
// Last line: one JSON object (payloads, answers by status, posts, problems). Exit 1 when there is a problem.
import { readCollection, replay } from '../test/helpers/replay.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: tsx scripts/webhooks-replay.ts <dir> [--show]\n');
  process.exit(2);
}
const items = readCollection(dir);
const results = await replay(items, { generic: process.argv.includes('--generic') });
const byStatus: Record<string, number> = {};
for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
for (const r of results) {
  if (r.problems.length > 0) process.stderr.write(`PROBLEM ${r.name} (${r.status}): ${r.problems.join('; ')}\n  ${r.post?.text.replace(/\n/g, '\n  ') ?? ''}\n`);
  else if (process.argv.includes('--show')) process.stderr.write(`${r.name} ${r.status} ${r.post ? `[${r.post.color ?? '-'}] ${r.post.text.split('\n')[0]}` : ''}\n`);
}
const failures = results.filter((r) => r.post?.color === 'danger').length;
const summary = {
  payloads: results.length,
  by_source: Object.fromEntries(['github', 'gitlab', 'gitea', 'nextcloud'].map((s) => [s, results.filter((r) => r.source === s).length])),
  by_status: byStatus,
  posts: results.filter((r) => r.post).length,
  red_posts: failures,
  with_problems: results.filter((r) => r.problems.length > 0).length,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exitCode = summary.with_problems === 0 ? 0 : 1;
