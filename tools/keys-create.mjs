#!/usr/bin/env node
// Creates an API key straight in Postgres (no key needed: this is how a deployment gets its first
// one besides ADMIN_API_KEY) and prints it once. Needs the built libs (npm run build).
//
//   npm run keys:create -- --name NAME --role ROLE (--project P | --global) [--expires-at ISO]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseCommandLine, UsageError } from './cli-args.mjs';

export const USAGE = `usage: npm run keys:create -- --name NAME --role ROLE (--project PROJECT | --global) [--expires-at ISO]

Creates an API key in the database of DATABASE_URL and prints it: it is shown this once and stored only as a hash.

options:
  --name NAME          what the key is for, 1-100 characters
  --role ROLE          viewer (read), member (also submit, cancel, upload, predict) or admin (also projects, keys, audit)
  --project PROJECT    the project the role holds in; created when it does not exist
  --global             a global admin key instead (--role admin)
  --expires-at ISO     when the key stops working, e.g. 2027-01-01T00:00:00Z; never by default
  -h, --help           show this help and exit

environment:
  DATABASE_URL         default: postgresql://postgres@127.0.0.1:5432/mnist_lab`;

/** The options from `argv`; throws UsageError naming what is wrong. */
export function parseKeyArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        name: { type: 'string' },
        role: { type: 'string' },
        project: { type: 'string' },
        global: { type: 'boolean', default: false },
        'expires-at': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (values.help) return { help: true };
  if (!values.name) throw new UsageError('--name is required');
  if (!values.role) throw new UsageError('--role is required');
  if ((values.project === undefined) === !values.global) throw new UsageError('give either --project PROJECT or --global');
  return { help: false, name: values.name, role: values.role, project: values.global ? null : values.project, expiresAt: values['expires-at'] };
}

async function main() {
  const options = parseCommandLine(parseKeyArgs, USAGE);
  const { createKeyInDatabase } = createRequire(import.meta.url)('../libs/infra/dist/index.js');
  const databaseUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/mnist_lab';
  const { key, record, projectCreated } = await createKeyInDatabase(databaseUrl, options);
  if (projectCreated) console.error(`created project ${record.project}`);
  console.error(`created key ${record.prefix}... (${record.id}): ${record.name}, ${record.role} ${record.project === null ? 'of every project (global admin)' : `in ${record.project}`}` +
    `${record.expires_at ? `, expires ${record.expires_at.toISOString()}` : ''}. It is shown once, here:`);
  console.log(key);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    // An InvalidParameterError names its field in its message too: say it once, as the option.
    console.error(error.field ? `--${error.field}: ${error.detail ?? error.message}` : error.message);
    process.exit(1);
  });
}
