import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseImportArgs } from './dataset-import.mjs';

describe('parseImportArgs', () => {
  it('reads an IDX import and a CSV import', () => {
    assert.deepEqual(parseImportArgs(['--name', 'fashion', '--images', 'i.gz', '--labels', 'l.gz']), {
      help: false,
      api: 'http://127.0.0.1:3000',
      name: 'fashion',
      format: 'idx',
      files: { images: 'i.gz', labels: 'l.gz' },
      fields: {},
    });
    const csv = parseImportArgs(['--name', 'shop', '--csv', 'scans.csv', '--label-column', 'digit', '--api', 'http://host:8080/']);
    assert.deepEqual([csv.format, csv.files, csv.fields, csv.api], ['csv', { data: 'scans.csv' }, { label_column: 'digit' }, 'http://host:8080']);
  });

  it('names what is missing or mixed', () => {
    for (const [argv, message] of [
      [['--images', 'i', '--labels', 'l'], /--name is required/],
      [['--name', 'x'], /either --images and --labels \(IDX\) or --csv and --label-column/],
      [['--name', 'x', '--images', 'i', '--csv', 'c'], /either --images/],
      [['--name', 'x', '--images', 'i'], /needs both --images and --labels/],
      [['--name', 'x', '--csv', 'c'], /needs both --csv and --label-column/],
      [['--name', 'x', '--csv', 'c', '--label-column', 'y', '--api', 'not a url'], /--api must be a URL/],
      [['--name', 'x', '--bogus'], /Unknown option '--bogus'/],
    ]) {
      assert.throws(() => parseImportArgs(argv), message, argv.join(' '));
    }
  });
});
