// An app named as the tools around it show it: a container as `docker ps` lists it ("nextcloud-app-1",
// "wordpress_wordpress_1", a Swarm task "wekan_wekan.1"), an image ("wordpress:6.7", "gitlab/gitlab-ce",
// "mattermost/mattermost-team-edition"), a web address ("wekan.example.org", "https://apps.example.org/nextcloud").
// Each was read as no app at all. The app's name is written in its place when exactly one app of the vocabulary is
// a whole part of it; an image's tag that is a version with a dot goes beside it ("deploy wordpress:6.7.1" is
// "deploy wordpress 6.7.1"), a bare major ("nextcloud:30") is dropped, as the tag of what runs now. Only these
// shapes: a container's trailing number, a host with a top-level domain, an image's colon or slash. A schedule's or
// a job's name ("ghost-nightly", "backup-wordpress") has none of them and is left as typed. Pure.

/** A container as compose or a Swarm names it: project, service, then its number ("ghost-ghost-1", "wekan_wekan.1"). */
const CONTAINER = /^([a-z0-9][a-z0-9-]*?)[-_]([a-z0-9][a-z0-9-]*?)[-_.](\d{1,3})$/;
/** A host with a top-level domain, maybe a scheme, a port and a path ("https://apps.example.org/nextcloud"). */
const HOST = /^(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?::\d{2,5})?(\/[^\s?#]*)?\/?$/;
/** An image: an optional registry or owner, a name, an optional tag ("gitlab/gitlab-ce:17.5", "registry:2"). */
const IMAGE = /^((?:[a-z0-9.-]+\/)*)([a-z0-9][a-z0-9._-]*):([a-z0-9][\w.-]*)$|^([a-z0-9-]+)\/([a-z0-9][a-z0-9._-]*)$/;
/** Marks around a word as typed ("`ghost-ghost-1`", "(wekan.example.org)", "nextcloud-app-1,"). */
const AROUND = /^([`"'“«(<]*)(.*?)([`"'”»)>,.;:!?]*)$/u;

/** The message with each container, image or address that names one app written as that app. */
export function namedApps(text: string, isApp: (w: string) => boolean): string {
  if (!/[-_.:/]/.test(text)) return text;
  return text.replace(/\S+/gu, (token) => {
    const [, open, core, close] = AROUND.exec(token)!;
    // (quoted, it is talked about as typed: "`docker run ghost:5.118.0`")
    if (/[`"'“”«»]/u.test(open! + close!)) return token;
    const said = appNamed(core!.toLowerCase(), isApp);
    return said === undefined ? token : `${open}${said}${close}`;
  });
}

/** The app one token names in one of those shapes, with an image's version after it; undefined otherwise. */
function appNamed(token: string, isApp: (w: string) => boolean): string | undefined {
  const one = (parts: string[]) => {
    const apps = [...new Set(parts.filter((p) => isApp(p)))];
    return apps.length === 1 ? apps[0] : undefined;
  };
  // (a file, "hooks/gitlab-deploy.json", is no image nor host)
  if (/\.(?:json|ya?ml|log|txt|gz|zst|sql|tar|md|sh)$/.test(token)) return undefined;
  const container = CONTAINER.exec(token);
  if (container) return one([container[1]!, container[2]!, ...container[1]!.split('-'), ...container[2]!.split('-')]);
  // (an address with a path names the app in its path, "apps.example.org/nextcloud"; its host's name with a path after
  // it is a page of the app, "https://nextcloud.example.org/s/aB3x is the share link", not the app)
  const host = HOST.exec(token);
  const path = (host?.[2] ?? '').split('/').filter(Boolean);
  if (host) return one(path.length > 0 ? path : host[1]!.split('.').slice(0, -1));
  const image = IMAGE.exec(token);
  if (image) {
    const name = image[2] ?? image[5]!;
    const app = one([name, ...name.split('-'), ...(image[1] ?? image[4] ?? '').split('/').filter(Boolean)]);
    const tag = image[3];
    // (a tag that is a version with a dot is the one meant: "deploy wordpress:6.7"; "nextcloud:30", "registry:2" say
    // what runs)
    return app && tag && /^v?\d+\.\d+/.test(tag) ? `${app} ${tag}` : app;
  }
  return undefined;
}
