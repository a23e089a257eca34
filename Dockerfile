# One image for both process types: `npm run start:api` or `npm run start:worker`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# The TensorFlow C library fallback (scripts/install/tensorflow-native.mjs) caches inside the app,
# so the runtime stage below gets it with /app.
ENV MNIST_LAB_CACHE_DIR=/app/.cache/mnist-lab
# A C toolchain for node-gyp: the random forest's compiled split search (libs/ml/native).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# npm ci's postinstall step (scripts/install/postinstall.mjs) generates the Prisma client, compiles
# libs/ml/native and checks the native TensorFlow backend, so it needs the sources.
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
EXPOSE 3000
CMD ["npm", "run", "start:api"]
