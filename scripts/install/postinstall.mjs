#!/usr/bin/env node
// Runs after `npm ci` / `npm install`, so that the install alone is complete: the Prisma client,
// the forests' compiled kernels and the native TensorFlow backend. Only the Prisma client is
// required (nothing compiles without it); a missing C compiler or TensorFlow library is one
// warning each, and the TypeScript kernels and the wasm backend are used instead.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installTensorflowNative, npmCommand } from './tensorflow-native.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const log = (message) => console.log(`[mnist-lab install] ${message}`);

function npm(args, env = process.env) {
  const [command, commandArgs] = npmCommand(args);
  return spawnSync(command, commandArgs, { cwd: ROOT, encoding: 'utf8', env });
}

function lastLine(result) {
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ');
}

// `prisma generate` works offline only while DATABASE_URL is set; the database is not contacted.
const generated = npm(['run', '--silent', 'prisma:generate'], { ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/mnist_lab' });
if (generated.status !== 0) {
  console.error(`[mnist-lab install] error: prisma generate failed: ${lastLine(generated)}`);
  process.exit(1);
}
log('Prisma client generated (libs/infra/src/generated)');

const kernels = npm(['run', '--silent', 'build:native', '--workspace', 'libs/ml']);
if (kernels.status === 0) {
  log('compiled kernels built (libs/ml/native)');
} else {
  console.warn(
    `[mnist-lab install] warning: could not compile libs/ml/native (a C compiler, make and Python are needed for node-gyp): forests fit about 2x slower on the TypeScript kernels. Retry with: npm run build:native --workspace libs/ml. ${lastLine(kernels)}`,
  );
}

installTensorflowNative();
