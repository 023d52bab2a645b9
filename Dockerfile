# One image for every Code4me role; docker-compose.yml picks the role with the command
# (`node --import tsx src/main.ts api|inference|projections|ui`).
FROM node:20-bookworm-slim AS deps
# argon2 compiles its addon from source on Node 20 (its prebuilt binary crashes there): python3, make and g++.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The dashboard is a workspace of the root's lockfile: npm ci needs its package.json (its packages are all dev).
COPY ui/package.json ui/
# onnxruntime-node's install script would download CUDA binaries; the CPU build ships in the package.
ENV ONNXRUNTIME_NODE_INSTALL=skip
RUN npm ci --omit=dev && npm cache clean --force

# The dashboard, built with the dev packages (vite, svelte) that the runtime image leaves out. adapter-node bundles
# the packages the build uses, so only ui/build (with its source hash, which tells the ui role not to rebuild)
# goes into the runtime image.
FROM deps AS ui
RUN npm ci && npm cache clean --force
COPY . .
RUN node --import tsx -e "import('./src/roles/ui-build.ts').then((m) => m.ensureUiBuild({ info: console.log }))"

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    C4M_AUTO_START_SERVICES=false \
    C4M_HOST=0.0.0.0 \
    C4M_PORT=8008
COPY --from=deps /app/node_modules ./node_modules
COPY . .
COPY --from=ui /app/ui/build ./ui/build
USER node
EXPOSE 8008 3000
# node itself as the main process (not npx), so `docker stop`'s SIGTERM reaches the graceful shutdown.
CMD ["node", "--import", "tsx", "src/main.ts", "api"]
