#!/usr/bin/env node
// Registers a dataset through the api's POST /datasets: IDX images and labels (raw or gzip), or
// a CSV file with a label column. The files stream from disk (fs.openAsBlob), never read whole.
//
//   npm run dataset:import -- --name NAME (--images F --labels F | --csv F --label-column C) [--api URL]
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseCommandLine, UsageError } from './cli-args.mjs';

export const USAGE = `usage: npm run dataset:import -- --name NAME (--images FILE --labels FILE | --csv FILE --label-column COLUMN) [--api URL]

Registers a dataset with the api (POST /datasets), so that runs, sweeps and workers on any machine can use it.

options:
  --name NAME           the dataset's name: 1-64 letters, digits, "_", "." or "-"
  --images FILE         IDX images (n x height x width unsigned bytes), raw or .gz
  --labels FILE         IDX labels (n unsigned bytes), raw or .gz
  --csv FILE            a CSV file with a header row, one sample per row
  --label-column NAME   the CSV column that holds the labels (integers in 0..255)
  --api URL             the api; default: http://127.0.0.1:3000
  -h, --help            show this help and exit`;


/** The options from `argv`: an IDX or a CSV import, checked for completeness; throws UsageError naming what is wrong. */
export function parseImportArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        name: { type: 'string' },
        images: { type: 'string' },
        labels: { type: 'string' },
        csv: { type: 'string' },
        'label-column': { type: 'string' },
        api: { type: 'string', default: 'http://127.0.0.1:3000' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (values.help) return { help: true };
  if (!values.name) throw new UsageError('--name is required');
  const idx = values.images !== undefined || values.labels !== undefined;
  const csv = values.csv !== undefined || values['label-column'] !== undefined;
  if (idx === csv) throw new UsageError('give either --images and --labels (IDX) or --csv and --label-column (CSV)');
  if (idx && (values.images === undefined || values.labels === undefined)) throw new UsageError('an IDX import needs both --images and --labels');
  if (csv && (values.csv === undefined || values['label-column'] === undefined)) throw new UsageError('a CSV import needs both --csv and --label-column');
  let api;
  try {
    api = new URL(values.api);
  } catch {
    throw new UsageError(`--api must be a URL; got ${JSON.stringify(values.api)}`);
  }
  const common = { help: false, api: api.toString().replace(/\/$/, ''), name: values.name };
  return idx
    ? { ...common, format: 'idx', files: { images: values.images, labels: values.labels }, fields: {} }
    : { ...common, format: 'csv', files: { data: values.csv }, fields: { label_column: values['label-column'] } };
}

/** Posts the import; resolves with the api's status and answer. */
export async function importDataset(options) {
  const form = new FormData();
  form.set('name', options.name);
  form.set('format', options.format);
  for (const [field, value] of Object.entries(options.fields)) form.set(field, value);
  for (const [field, path] of Object.entries(options.files)) form.set(field, await openAsBlob(path), basename(path));
  // The key of a member (or admin) of the target project, from the environment: never on the command line, where `ps` shows it.
  const key = process.env.MNIST_LAB_API_KEY ?? process.env.ADMIN_API_KEY;
  const headers = key ? { authorization: `Bearer ${key}` } : {};
  const response = await fetch(`${options.api}/datasets`, { method: 'POST', body: form, headers });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function main() {
  const options = parseCommandLine(parseImportArgs, USAGE);
  const { status, body } = await importDataset(options);
  if (status !== 200 && status !== 201) {
    console.error(`POST ${options.api}/datasets -> ${status}: ${body?.message ?? JSON.stringify(body)}`);
    process.exit(1);
  }
  const shape = body.image_shape ? `${body.image_shape.join(' x ')} images` : `${body.n_features} features`;
  console.log(
    `${status === 201 ? 'registered' : 'already registered'} ${body.name}: ${body.n_samples} samples of ${shape}, ` +
      `${body.classes.length} classes, ${body.nan_count} NaN, sha256 ${body.sha256}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
