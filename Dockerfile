# syntax=docker/dockerfile:1
# Stallmap in one container: the server, the built app, LevelDB in a volume.
#   docker build -t stallmap .
#   docker run -p 8080:8080 -v stallmap-data:/data stallmap
# Settings are environment variables (README, "Security and limits"); compose.yaml runs it too.

# 1. Build: the app (Vite), its compressed copies, the compiled server and CLI. Needs the dev dependencies.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. What runs: the dependencies without the dev ones. LevelDB's native module comes prebuilt
#    (classic-level ships linux-x64 glibc and linux-arm64 builds), so no compiler is needed.
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The image: Node, the dependencies, the build. No sources, no npm cache, no dev tools.
FROM node:20-slim
ENV NODE_ENV=production \
    PORT=8080 \
    STALLMAP_DATA=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/dist-server ./dist-server
COPY --from=build /app/schema ./schema
# The licence the image is given under, beside the bundled packages' (dist-server/THIRD-PARTY-LICENSES.txt).
COPY --from=build /app/LICENSE ./
# The data directory belongs to the unprivileged `node` user (uid 1000) of the base image; a new
# named volume mounted here starts with this ownership. A bind mount must be writable by uid 1000.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# /healthz reads the storage and reports damage found at start (503); node:20-slim has no curl,
# so Node's own fetch asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM writes what is pending and closes every socket (1001) before exiting 0. Node runs as
# PID 1 and handles it itself; `docker stop` waits 10 s by default, and the server needs less.
STOPSIGNAL SIGTERM
CMD ["node", "dist-server/main.js"]
