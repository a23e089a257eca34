# One image for both process types: `npm run start:api` or `npm run start:worker`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# A C toolchain for node-gyp: the random forest's compiled split search (libs/ml/native).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY libs/ml/package.json libs/ml/
COPY libs/contracts/package.json libs/contracts/
COPY libs/infra/package.json libs/infra/
COPY libs/viz/package.json libs/viz/
COPY apps/web/package.json apps/web/
COPY e2e/package.json e2e/
RUN npm ci --no-audit --no-fund
COPY . .
RUN DATABASE_URL=postgresql://build@localhost/build npx prisma generate \
 && npm run build:native --workspace libs/ml \
 && npx tsc -b tsconfig.json \
 && npm run build --workspace apps/web

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
EXPOSE 3000
CMD ["npm", "run", "start:api"]
