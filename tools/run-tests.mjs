#!/usr/bin/env node
// Runs the compiled *.spec.js files under the given folders (or the spec files given) with Node's test runner, prints the
// spec report, and appends the pass/fail counts to a totals file so the suite can end with one
// "N passed, N failed" line across projects.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [, , ...dirs] = process.argv;
const files = dirs.flatMap((dir) => findSpecs(dir)).sort();
if (files.length === 0) {
  console.error(`no *.spec.js files under ${dirs.join(', ')}: build first`);
  if (process.env.TEST_TOTALS_FILE) appendFileSync(process.env.TEST_TOTALS_FILE, '0 1\n');
  process.exit(1);
}
const tap = join(mkdtempSync(join(tmpdir(), 'mnist-lab-tests-')), 'report.tap');
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...(process.env.TEST_CONCURRENCY ? [`--test-concurrency=${process.env.TEST_CONCURRENCY}`] : []),
    ...files,
  ],
  { stdio: 'inherit', env: process.env },
);
const report = readFileSync(tap, 'utf8');
const count = (label) => Number((report.match(new RegExp(`^# ${label} (\\d+)$`, "m")) ?? [0, "0"])[1]);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
if (process.env.TEST_TOTALS_FILE) appendFileSync(process.env.TEST_TOTALS_FILE, `${passed} ${failed}\n`);
console.log(`${dirs.join(' ')}: ${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);

/** The spec files under `dir`, or `dir` itself when it names one spec file. */
function findSpecs(dir) {
  if (/\.spec\.m?js$/.test(dir) && statSync(dir, { throwIfNoEntry: false })?.isFile()) return [dir];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return findSpecs(path);
    return name.endsWith('.spec.js') || name.endsWith('.spec.mjs') ? [path] : [];
  });
}
