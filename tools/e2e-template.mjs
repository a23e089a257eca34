#!/usr/bin/env node
// A template database for one run of the end-to-end suites: migrated, with the built-in datasets
// (mnist_784) registered. Every suite's own database is then `CREATE DATABASE ... TEMPLATE` of it
// (e2e/src/services.ts, when TEST_TEMPLATE_DATABASE names it), a file copy that takes well under a
// second, instead of migrating and registering 55 MB of MNIST again in each suite.
//
//   node tools/e2e-template.mjs create SERVER_URL NAME   (scripts/test.sh, before the e2e suites)
//   node tools/e2e-template.mjs drop SERVER_URL NAME     (after them)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Client } = require('pg');
const [command, serverUrl, name] = process.argv.slice(2);
if (!['create', 'drop'].includes(command) || !serverUrl || !/^[a-z0-9_]+$/.test(name ?? '')) {
  console.error('usage: node tools/e2e-template.mjs create|drop SERVER_URL NAME (NAME: lowercase letters, digits and _)');
  process.exit(2);
}

async function admin(sql) {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl() {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function run(args, env) {
  const result = spawnSync(args[0], args.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

if (command === 'drop') {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
} else {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
  const env = { DATABASE_URL: databaseUrl() };
  run(['npx', 'prisma', 'migrate', 'deploy'], env);
  // In a process of its own, so that its connections are closed before the database serves as a template.
  const register = `require(${JSON.stringify(join(ROOT, 'libs/infra/dist/index.js'))}).standaloneDatasetStore(() => {}).list({ projects: 'all' }).then(() => process.exit(0), (error) => { console.error(error); process.exit(1); })`;
  run([process.execPath, '-e', register], env);
  console.log(`e2e template database ${name}: migrated, built-in datasets registered`);
}
