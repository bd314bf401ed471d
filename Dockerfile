# Summoner's image. The base is a build argument: no registry may be reachable where it is built, so a
# locally made base with Node.js 20 (e.g. a Debian root from mmdebstrap plus node, `docker import`ed) works
# as well as an official node:20 image.
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY commands ./commands
RUN npm run build && npm prune --omit=dev

FROM ${BASE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY minions ./minions
COPY summoner.example.yml ./
# State (audit database, secrets, certificates, manifests) lives in one volume.
VOLUME /var/lib/summoner
ENV SUMMONER_CONFIG=/etc/summoner/summoner.yml
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
