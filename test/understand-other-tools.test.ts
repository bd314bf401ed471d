// Another tool's command line typed from habit, written as Summoner's own before the message is read
// (src/robot/understand/other-tools.ts), and an app named as those tools show it: a container, an image, an address
// (named-apps.ts). The app vocabulary is the shipped catalog's.
import { describe, expect, it } from 'vitest';
import { explainCatalogNames } from '../src/explain.js';
import { namedApps } from '../src/robot/understand/named-apps.js';
import { otherToolLines } from '../src/robot/understand/other-tools.js';

const apps = new Set(explainCatalogNames([]));
const plain = (text: string) => otherToolLines(text, (w) => apps.has(w));

describe('otherToolLines', () => {
  it("writes docker and docker compose lines as Summoner's commands, with their counts and versions", () => {
    expect(plain('docker compose restart wekan')).toBe('restart wekan');
    expect(plain('docker-compose logs --tail=50 gitlab')).toBe('logs gitlab 50');
    expect(plain('docker logs -f --tail 30 nextcloud pls')).toBe('logs nextcloud 30 pls');
    expect(plain('docker run ghost:5.118.0')).toBe('summon ghost 5.118.0');
    expect(plain('docker ps | grep ghost')).toBe('status ghost');
    expect(plain('docker exec gitlab gitlab-backup create')).toBe('backup gitlab');
  });

  it('keeps the data unless the line removes it: stop and down dismiss, down -v purges', () => {
    expect(plain('docker compose down wekan')).toBe('dismiss wekan');
    expect(plain('docker compose down -v static, we are done with it')).toBe('dismiss static --purge, we are done with it');
    expect(plain('systemctl stop registry')).toBe('dismiss registry');
  });

  it('reads kubectl, helm, journalctl, Dokku and Heroku lines', () => {
    expect(plain('kubectl scale deploy/wekan --replicas=3')).toBe('scale wekan 3');
    expect(plain('k rollout restart deployment/mattermost')).toBe('restart mattermost');
    expect(plain('kubectl rollout undo deployment/ghost')).toBe('rollback ghost');
    expect(plain('kubectl set image deploy/nextcloud nextcloud=nextcloud:30.0.4')).toBe('update nextcloud 30.0.4');
    expect(plain('helm upgrade wordpress --set image.tag=6.7.1')).toBe('update wordpress 6.7.1');
    expect(plain('journalctl -u wordpress -n 80')).toBe('logs wordpress 80');
    expect(plain('dokku ps:scale wekan web=2')).toBe('scale wekan 2');
    expect(plain('heroku pg:backups:capture -a ghost')).toBe('backup ghost');
    expect(plain('kubectl delete cronjob old-ghost-backup')).toBe('schedule remove old-ghost-backup');
  });

  it('rewrites the line where it sits in a sentence, and the message around it stays', () => {
    expect(plain('tu peux me sortir un docker compose logs --tail=50 de ghost ?')).toBe('tu peux me sortir un logs 50 de ghost ?');
    expect(plain('did someone docker compose down wekan??')).toBe('did someone dismiss wekan??');
    expect(plain('`docker compose restart ghost` pls')).toBe('`restart ghost` pls');
    expect(plain('can you do the equivalent of a compose pull + up -d for ghost?')).toBe('can you do the equivalent of a update for ghost?');
  });

  it('leaves a line quoted mid-message, a verb with no counterpart and ordinary words as typed', () => {
    for (const text of [
      'my hands still type `kubectl get pods` before I remember we have a bot',
      'k thanks, restart wekan',
      'restart wekan',
      'docker logs --since=1h ghost',
    ]) {
      expect(plain(text)).toBe(text);
    }
    // (what follows an exec, to the line's end, is the exec's: never read as Summoner's)
    expect(plain('does anyone know how to docker exec into the nextcloud container?')).toBe('does anyone know how to docker exec?');
    expect(plain('docker exec -it wordpress wp plugin update --all')).toBe('docker exec');
    // (a flag that takes a value, typed last, takes nothing)
    expect(plain('journalctl -u')).toBe('logs');
    expect(plain('heroku logs -a')).toBe('logs');
    expect(plain('kubectl logs --tail')).toBe('kubectl logs --tail');
  });

  it("throws on nothing: a tool's name alone, or its line cut short", () => {
    for (const text of ['docker', 'docker compose', 'k', 'kubectl get', '`docker`', 'docker logs -n', 'sudo docker restart ghost', 'docker ps |', 'docker ps | grep']) {
      expect(() => plain(text)).not.toThrow();
    }
  });

  it('leaves ordinary words as typed', () => {
    for (const text of ['restart wekan']) {
      expect(plain(text)).toBe(text);
    }
  });
});

describe('namedApps', () => {
  const named = (text: string) => namedApps(text, (w) => apps.has(w));

  it('reads a container as docker ps or a Swarm shows it as its app', () => {
    expect(named('restart nextcloud-app-1')).toBe('restart nextcloud');
    expect(named('logs of ghost-ghost-1 pls')).toBe('logs of ghost pls');
    expect(named('can you restart the container wordpress_wordpress_1')).toBe('can you restart the container wordpress');
    expect(named('wekan_wekan.1 keeps getting rescheduled')).toBe('wekan keeps getting rescheduled');
  });

  it("reads an image as its app, with a tag that is a version beside it, and a major alone dropped", () => {
    expect(named('deploy wordpress:6.7.1 please')).toBe('deploy wordpress 6.7.1 please');
    expect(named('the nextcloud:30 container is looping')).toBe('the nextcloud container is looping');
    expect(named('which tags exist for mattermost/mattermost-team-edition?')).toBe('which tags exist for mattermost?');
  });

  it('reads an address by the app its host or its path names, not a page inside the app', () => {
    expect(named('is wekan.example.org up?')).toBe('is wekan up?');
    expect(named('restart https://apps.example.org/nextcloud pls')).toBe('restart nextcloud pls');
    const link = 'https://nextcloud.example.org/s/aB3x is the share link for the backup plan doc';
    expect(named(link)).toBe(link);
  });

  it("leaves names that only hold an app's name, files, quotes, two apps and unknown hosts as typed", () => {
    for (const text of [
      'schedule pause ghost-nightly',
      'job "backup-wordpress" failed',
      'recipes try deploy-done hooks/gitlab-deploy.json',
      'basically `docker run ghost:5.118.0`',
      'restart ghost/wekan',
      'is cloud.asso.fr up?',
      'restore wekan 2026-11-28T02:00',
    ]) {
      expect(named(text)).toBe(text);
    }
  });
});
