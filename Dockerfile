# Summoner's image. Two build arguments name the bases, because no registry may be reachable where it is
# built: BASE_IMAGE runs the bot (Node.js 20, nothing else needed), BUILD_IMAGE (default: the same) also has
# npm. Here both are made locally by scripts/image/build-base.sh (a Debian root from mmdebstrap plus this
# machine's Node.js, `docker import`ed):
#   docker build --build-arg BASE_IMAGE=summoner-base/node:20 --build-arg BUILD_IMAGE=summoner-base/node-build:20 -t summoner .
# Elsewhere the official image works as is: docker build -t summoner .
ARG BASE_IMAGE=node:20-bookworm-slim
ARG BUILD_IMAGE=${BASE_IMAGE}

FROM ${BUILD_IMAGE} AS build
WORKDIR /app
# .dockerignore lets in the sources, the lockfile and node_modules. When node_modules comes with the context
# (`npm ci` ran on a machine with the same Node.js and glibc: offline builds, CI) it is used as is: no
# registry and no compiler needed. Otherwise `npm ci` (better-sqlite3 then needs python3, make and g++ in
# BUILD_IMAGE when no prebuilt binary can be fetched).
COPY . .
RUN if [ -d node_modules ]; then echo "node_modules from the build context"; else npm ci --no-audit --no-fund; fi
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
# The image's default config: state in the volume, HTTP on all interfaces of the container. Mount your own
# summoner.yml over it (deploy/compose.yml does).
COPY deploy/summoner.container.yml /etc/summoner/summoner.yml
ENV SUMMONER_CONFIG=/etc/summoner/summoner.yml
# The native addon must load on this base (node_modules from a context made elsewhere, e.g. on macOS, would not).
RUN ["node", "-e", "new (require('/app/node_modules/better-sqlite3'))(':memory:').close()"]
# All of Summoner's own state (audit database, secrets, certificates, backup manifests) lives in this one
# volume; owned by `node` so that a new named volume starts writable for it.
RUN mkdir -p /var/lib/summoner && chown node:node /var/lib/summoner && chmod 0700 /var/lib/summoner
VOLUME /var/lib/summoner
# Non-root. The Docker socket is reached through its group: run with
# `--group-add $(stat -c %g /var/run/docker.sock)` (compose: group_add), since its gid differs per host.
USER node
EXPOSE 8080
# /healthz is 200 while the chat connection is up, 503 when it is down or silent.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# On SIGTERM Summoner stops taking commands, finishes the running ones and exits 0. Run it with an init as
# PID 1 (compose `init: true`, `docker run --init`: Docker's own tini, so the image works on any base) and a
# stop timeout longer than its own deadline (compose stop_grace_period: 30s, docker stop -t 30).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
