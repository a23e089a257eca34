import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startServices, type TestServices } from './services';
import { api, fetchAsAdmin, migrate, Stack, waitFor } from './stack';
import { logistic, scaledRun } from './requests';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const N_SAMPLES = 1500;
const SUBSET_SIZES = { test: 300, train: 1200 } as const;
const SMALL_RUN = scaledRun(logistic({ max_iter: 3, random_state: 0 }), N_SAMPLES);
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** renderConfusionMatrix's default size, and renderDigitGrid's layout (libs/viz). */
const CONFUSION_MATRIX = { width: 720, height: 640 };
const GRID = { digit: 84, gap: 12, caption: 22, title: 12 + 3 * 22 };

interface Fetched {
  readonly status: number;
  readonly type: string | null;
  readonly cacheControl: string | null;
  readonly bytes: Buffer;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);

describe('evaluation views and pictures through the api', () => {
  let services: TestServices;
  let stack: Stack;
  let runId = '';
  let failedRunId = '';

  const get = async (url: string): Promise<Fetched> => {
    const response = await fetchAsAdmin(`${stack.baseUrl}${url}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      cacheControl: response.headers.get('cache-control'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };
  const getJson = async (url: string) => {
    const fetched = await get(url);
    return { ...fetched, body: JSON.parse(fetched.bytes.toString('utf8')) as Json };
  };
  const image = async (url: string, type = 'image/png') => {
    const fetched = await get(url);
    assert.equal(fetched.status, 200, `${url}: ${fetched.bytes.toString('utf8').slice(0, 500)}`);
    assert.equal(fetched.type, type);
    assert.equal(fetched.cacheControl, IMMUTABLE);
    const metadata = await sharp(fetched.bytes).metadata();
    return { bytes: fetched.bytes, metadata };
  };
  const waitForRun = (id: string) =>
    waitFor(
      async () => (await api<Json>(stack.baseUrl, 'GET', `/runs/${id}`)).body,
      (run) => run['status'] === 'succeeded' || run['status'] === 'failed',
      120_000,
      `run ${id}`,
    );

  before(async () => {
    services = await startServices();
    migrate(services.databaseUrl);
    stack = await new Stack(services).start(1);
    runId = (await api<Json>(stack.baseUrl, 'POST', '/runs', SMALL_RUN)).body['id'];
    // Too few samples for a stratified split: the fit fails.
    const failing = { ...SMALL_RUN, n_samples: 12, split: { test_size: 0.5, random_state: 0, stratify: true } };
    failedRunId = (await api<Json>(stack.baseUrl, 'POST', '/runs', failing)).body['id'];
    const run = await waitForRun(runId);
    assert.equal(run['status'], 'succeeded', run['error']);
    assert.equal((await waitForRun(failedRunId))['status'], 'failed');
  });

  after(async () => {
    await stack?.stop();
    await services?.cleanup();
  });

  for (const set of ['test', 'train'] as const) {
    it(`returns every evaluation view of the ${set} set, consistent with each other`, async () => {
      const { status, cacheControl, body } = await getJson(`/runs/${runId}/evaluation?set=${set}`);
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(cacheControl, IMMUTABLE);
      assert.equal(body['run_id'], runId);
      assert.equal(body['set'], set);
      assert.equal(body['model_type'], 'logistic_regression');
      const n = SUBSET_SIZES[set];
      assert.equal(body['n_samples'], n);
      const labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

      const raw: number[][] = body['confusion_matrix']['matrix'];
      assert.deepEqual(body['confusion_matrix']['labels'], labels);
      assert.equal(sum(raw.flat()), n);
      const correct = sum(raw.map((row, i) => row[i]));
      close(body['accuracy'], correct / n, 'accuracy');

      const normalized = body['confusion_matrix_normalized'];
      raw.forEach((row, i) => sum(row) > 0 && close(sum(normalized['true']['matrix'][i]), 1, `normalize=true row ${i}`));
      labels.forEach((_, j) => {
        const predicted = sum(raw.map((row) => row[j]));
        if (predicted > 0) close(sum(normalized['pred']['matrix'].map((row: number[]) => row[j])), 1, `normalize=pred column ${j}`);
      });
      close(sum(normalized['all']['matrix'].flat()), 1, 'normalize=all');
      close(normalized['all']['matrix'][0][0], raw[0][0] / n, 'normalize=all cell');

      const errors: number[][] = body['errors_only_confusion_matrix']['matrix'];
      errors.forEach((row, i) => {
        assert.equal(row[i], 0, `errors-only diagonal ${i}`);
        const misclassified = sum(raw[i]) - raw[i][i];
        if (misclassified > 0) close(sum(row), 1, `errors-only row ${i}`);
        row.forEach((value, j) => i !== j && close(value, raw[i][j] / misclassified || 0, `errors-only cell ${i},${j}`));
      });

      const multilabel = body['multilabel_confusion_matrix'];
      assert.deepEqual(multilabel['labels'], labels);
      assert.equal(multilabel['matrices'].length, labels.length);
      multilabel['matrices'].forEach((m: number[][], k: number) => {
        assert.equal(m.length, 2);
        assert.ok(m.every((row) => row.length === 2));
        assert.equal(sum(m.flat()), n);
        assert.equal(m[1][1], raw[k][k], `true positives of ${k}`);
        assert.equal(m[1][0] + m[1][1], sum(raw[k]), `support of ${k}`);
      });

      const report = body['classification_report'];
      for (const label of labels) assert.equal(report[String(label)]['support'], sum(raw[label]));
      close(report['accuracy'], body['accuracy'], 'report accuracy');
      assert.equal(report['macro avg']['support'], n);
      assert.match(body['classification_report_text'], /precision +recall +f1-score +support/);

      const pairs = body['most_confused_pairs'];
      assert.ok(pairs.length > 0 && pairs.length <= 10);
      for (const pair of pairs) assert.equal(pair['count'], raw[pair['true_label']][pair['predicted_label']]);
      assert.deepEqual(
        pairs.map((pair: Json) => pair['count']),
        pairs.map((pair: Json) => pair['count']).sort((a: number, b: number) => b - a),
      );

      if (set === 'test') {
        const misclassified = body['misclassified'];
        assert.equal(misclassified['total'], n - correct);
        assert.equal(misclassified['shown'], misclassified['samples'].length);
        for (const sample of misclassified['samples']) {
          assert.notEqual(sample['true_label'], sample['predicted_label']);
          assert.ok(Number.isInteger(sample['index']) && sample['index'] >= 0 && sample['index'] < N_SAMPLES);
          assert.equal(sample['probabilities'].length, labels.length);
          assert.ok(Math.abs(sum(sample['probabilities']) - 1) < 1e-3);
        }
      } else {
        assert.equal(body['misclassified'], undefined, 'only the test set keeps its misclassified samples');
      }
    });
  }

  it('draws the confusion matrix as PNG, differently for every normalisation, set and errors_only', async () => {
    const variants = [
      'normalize=none',
      'normalize=true',
      'normalize=pred',
      'normalize=all',
      'errors_only=true',
      'set=train',
    ];
    const pictures = new Map<string, Buffer>();
    for (const query of variants) {
      const { bytes, metadata } = await image(`/runs/${runId}/confusion-matrix.png?${query}`);
      assert.equal(metadata.format, 'png');
      assert.equal(metadata.width, CONFUSION_MATRIX.width);
      assert.equal(metadata.height, CONFUSION_MATRIX.height);
      pictures.set(query, bytes);
    }
    const distinct = new Set([...pictures.values()].map((bytes) => bytes.toString('base64')));
    assert.equal(distinct.size, variants.length, 'every variant is a different picture');
    const defaults = await image(`/runs/${runId}/confusion-matrix.png`);
    assert.ok(defaults.bytes.equals(pictures.get('normalize=none')!), 'defaults are set=test, normalize=none');
    const errorsOnlyTrue = await image(`/runs/${runId}/confusion-matrix.png?errors_only=true&normalize=true`);
    assert.ok(errorsOnlyTrue.bytes.equals(pictures.get('errors_only=true')!), 'the errors-only matrix is normalised by true label');
  });

  it('draws the confusion matrix as SVG with the title, axis names and values', async () => {
    const { bytes, metadata } = await image(`/runs/${runId}/confusion-matrix.svg?set=train&normalize=true`, 'image/svg+xml');
    assert.equal(metadata.format, 'svg');
    assert.equal(metadata.width, CONFUSION_MATRIX.width);
    assert.equal(metadata.height, CONFUSION_MATRIX.height);
    const svg = bytes.toString('utf8');
    for (const text of [`logistic_regression run ${runId.slice(0, 8)} — train (normalize=true)`, 'Predicted label', 'True label']) {
      assert.ok(svg.includes(text), `SVG lacks ${text}`);
    }
    assert.match(svg, />\d{1,3}%</, 'normalised cells are percentages');
    const counts = (await get(`/runs/${runId}/confusion-matrix.svg`)).bytes.toString('utf8');
    assert.ok(counts.includes('(normalize=none)'));
    assert.doesNotMatch(counts, />\d{1,3}%</, 'raw cells are counts');
    const errorsOnly = (await get(`/runs/${runId}/confusion-matrix.svg?errors_only=true`)).bytes.toString('utf8');
    assert.ok(errorsOnly.includes('test, errors only (normalize=true)'));
  });

  it('draws misclassified test digits in a grid', async () => {
    const evaluation = (await getJson(`/runs/${runId}/evaluation`)).body;
    const shown = evaluation['misclassified']['shown'];
    const gridSize = (count: number, columns: number) => {
      const used = Math.min(columns, count);
      const rows = Math.ceil(count / used);
      return {
        width: GRID.gap + used * (GRID.digit + GRID.gap),
        height: GRID.title + GRID.gap + rows * (GRID.digit + GRID.caption + GRID.gap),
      };
    };
    const defaults = await image(`/runs/${runId}/misclassified.png`);
    assert.equal(defaults.metadata.format, 'png');
    const expected = gridSize(Math.min(36, shown), 6);
    assert.deepEqual({ width: defaults.metadata.width, height: defaults.metadata.height }, expected);
    const small = await image(`/runs/${runId}/misclassified.png?limit=4&columns=2`);
    assert.deepEqual({ width: small.metadata.width, height: small.metadata.height }, gridSize(Math.min(4, shown), 2));
    // One cell of the confusion matrix: the first misclassified sample's (true, predicted) pair.
    const samples: { true_label: number; predicted_label: number }[] = evaluation['misclassified']['samples'];
    const [{ true_label: trueLabel, predicted_label: predicted }] = samples;
    const inCell = samples.filter((sample) => sample.true_label === trueLabel && sample.predicted_label === predicted).length;
    const cell = await image(`/runs/${runId}/misclassified.png?true=${trueLabel}&pred=${predicted}&columns=3`);
    assert.deepEqual({ width: cell.metadata.width, height: cell.metadata.height }, gridSize(Math.min(36, inCell), 3));
    const row = await image(`/runs/${runId}/misclassified.png?true=${trueLabel}&columns=3`);
    const inRow = samples.filter((sample) => sample.true_label === trueLabel).length;
    assert.deepEqual({ width: row.metadata.width, height: row.metadata.height }, gridSize(Math.min(36, inRow), 3));
  });

  describe('rejects bad query values with 400 naming the field', () => {
    const cases: [string, string][] = [
      ['evaluation?set=validation', 'set'],
      ['confusion-matrix.png?set=all', 'set'],
      ['confusion-matrix.png?normalize=rows', 'normalize'],
      ['confusion-matrix.svg?normalize=', 'normalize'],
      ['confusion-matrix.png?errors_only=yes', 'errors_only'],
      ['confusion-matrix.png?errors_only=true&normalize=pred', 'normalize'],
      ['confusion-matrix.svg?errors_only=true&normalize=all', 'normalize'],
      ['confusion-matrix.png?colour=red', 'colour'],
      ['confusion-matrix.gif', 'format'],
      ['misclassified.png?limit=0', 'limit'],
      ['misclassified.png?limit=101', 'limit'],
      ['misclassified.png?limit=ten', 'limit'],
      ['misclassified.png?columns=0', 'columns'],
      ['misclassified.png?true=99', 'true'],
      ['misclassified.png?pred=nine', 'pred'],
      ['misclassified.png?true=1&pred=1', 'pred'],
    ];
    for (const [query, field] of cases) {
      it(query, async () => {
        const { status, type, cacheControl, body } = await getJson(`/runs/${runId}/${query}`);
        assert.equal(status, 400, JSON.stringify(body));
        assert.match(type ?? '', /^application\/json/);
        assert.equal(cacheControl, null, 'an error is never cached');
        assert.ok(JSON.stringify(body).includes(field), `${JSON.stringify(body)} does not name ${field}`);
      });
    }

    it('names the field of the errors-only combination in `field`', async () => {
      const { body } = await getJson(`/runs/${runId}/confusion-matrix.png?errors_only=true&normalize=pred`);
      assert.equal(body['field'], 'normalize');
      assert.match(body['message'], /must be "none" or "true"/);
    });
  });

  it('answers 400 for a bad run id, 404 for an unknown run and 409 for a run that has not succeeded', async () => {
    for (const view of ['evaluation', 'confusion-matrix.png', 'confusion-matrix.svg', 'misclassified.png']) {
      assert.equal((await get(`/runs/not-a-uuid/${view}`)).status, 400);
      const unknown = await getJson(`/runs/00000000-0000-4000-8000-000000000000/${view}`);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.cacheControl, null);
      const failed = await getJson(`/runs/${failedRunId}/${view}`);
      assert.equal(failed.status, 409);
      assert.equal(failed.cacheControl, null, 'a run that is not finished must not be cached');
      assert.match(failed.body['message'], new RegExp(`run ${failedRunId} is failed; its evaluation exists once it has succeeded`));
    }
  });

  describe('datasets', () => {
    it('lists the datasets', async () => {
      const { status, body } = await api<Json[]>(stack.baseUrl, 'GET', '/datasets');
      assert.equal(status, 200);
      const mnist = body.find((dataset) => dataset['name'] === 'mnist_784');
      assert.deepEqual([mnist?.['n_samples'], mnist?.['n_features'], mnist?.['image_shape']], [70000, 784, [28, 28]]);
      assert.match(mnist!['description'], /handwritten digits/);
    });

    it("draws a digit as the notebook's draw_number, 280 x 280 by default", async () => {
      const { bytes, metadata } = await image('/datasets/mnist_784/images/0.png');
      assert.equal(metadata.format, 'png');
      assert.equal(metadata.width, 280);
      assert.equal(metadata.height, 280);
      const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
      assert.equal(data[0], 255, 'background is white');
      assert.equal(Math.min(...data), 0, 'ink is black');
      assert.equal(info.channels, 1);
      const last = await image('/datasets/mnist_784/images/69999.png?scale=2');
      assert.deepEqual([last.metadata.width, last.metadata.height], [56, 56]);
      const other = await image('/datasets/mnist_784/images/1.png');
      assert.ok(!other.bytes.equals(bytes));
    });

    const bad: [string, number, string][] = [
      ['/datasets/mnist_784/images/70000.png', 400, 'index'],
      ['/datasets/mnist_784/images/-1.png', 400, 'index'],
      ['/datasets/mnist_784/images/1.5.png', 400, 'index'],
      ['/datasets/mnist_784/images/abc.png', 400, 'index'],
      ['/datasets/mnist_784/images/0.png?scale=0', 400, 'scale'],
      ['/datasets/mnist_784/images/0.png?scale=33', 400, 'scale'],
      ['/datasets/cifar10/images/0.png', 404, 'cifar10'],
    ];
    for (const [url, status, named] of bad) {
      it(`${url} → ${status}`, async () => {
        const response = await getJson(url);
        assert.equal(response.status, status, JSON.stringify(response.body));
        assert.equal(response.cacheControl, null);
        assert.ok(JSON.stringify(response.body).includes(named), `${JSON.stringify(response.body)} does not name ${named}`);
      });
    }
  });

  it('documents the views in OpenAPI', async () => {
    const { body } = await api<Json>(stack.baseUrl, 'GET', '/docs-json');
    for (const path of ['/runs/{id}/evaluation', '/runs/{id}/confusion-matrix.{format}', '/runs/{id}/misclassified.png', '/datasets', '/datasets/{name}/images/{index}.png']) {
      assert.ok(body['paths'][path], `OpenAPI lacks ${path}`);
    }
    // One route draws both pictures: its format is a documented choice, and each has its media type.
    const confusion = body['paths']['/runs/{id}/confusion-matrix.{format}']['get'];
    const format = confusion['parameters'].find((parameter: Json) => parameter['name'] === 'format');
    assert.deepEqual(format['schema']['enum'], ['png', 'svg']);
    assert.deepEqual(Object.keys(confusion['responses']['200']['content']).sort(), ['image/png', 'image/svg+xml']);
  });
});
