import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', 'apps/web/**/*.config.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@nx': nx },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // libs/ml, the job contracts and the pictures (libs/viz) stay free of Nest, Prisma and BullMQ; apps never import each other.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:ml', onlyDependOnLibsWithTags: [] , bannedExternalImports: ['@nestjs/*', '@prisma/*', 'bullmq', 'ioredis', 'express'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:ml'], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'bullmq', 'ioredis', 'express'] },
            { sourceTag: 'type:viz', onlyDependOnLibsWithTags: ['type:ml'], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'bullmq'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:ml', 'type:contracts'] },
            { sourceTag: 'type:api', onlyDependOnLibsWithTags: ['type:ml', 'type:contracts', 'type:infra', 'type:viz'] },
            { sourceTag: 'type:worker', onlyDependOnLibsWithTags: ['type:ml', 'type:contracts', 'type:infra'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:ml', 'type:contracts'] },
            // The dashboard is a browser bundle that talks to the api over HTTP; of the libs it may use
            // only libs/ml's spec-only entry (no TensorFlow.js, no Node built-ins; see the rule below).
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:ml'] },
            // Layers: the domain (ml, contracts, viz) knows nothing below it, infra adapts the domain to
            // Postgres and Redis, and an app (or the e2e suite) may use both but never another app.
            { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: ['scope:domain'] },
            { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:domain', 'scope:infra'] },
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:domain', 'scope:infra'] },
            { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['scope:domain', 'scope:infra'] },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@mnist-lab/ml', message: "Import '@mnist-lab/ml/spec': the full entry loads TensorFlow.js and Node-only code." }],
          patterns: [{ group: ['@mnist-lab/*', '!@mnist-lab/ml', '!@mnist-lab/ml/spec'], message: "Of the libs, the dashboard may import only '@mnist-lab/ml/spec'." }],
        },
      ],
    },
  },
);
