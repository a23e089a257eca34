import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { logistic, scaledPipeline } from './requests';
import { startServices, type TestServices } from './services';
import { createKey } from './keyed-api';
import { api, fetchAsAdmin, migrate, sleep, Stack, TEST_ADMIN_KEY, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 667 };

const scaledLogistic = (params: Json) => scaledPipeline(logistic({ max_iter: 3, random_state: 0, ...params }));

const SMALL_RUN = { dataset: 'mnist_784', n_samples: 1500, split: { test_size: 0.2, random_state: 42 }, estimator: scaledLogistic({ C: 1.0 }) };

const SMALL_SWEEP = {
  dataset: 'mnist_784',
  n_samples: 1500,
  split: { test_size: 0.2, random_state: 42 },
  estimator: scaledLogistic({}),
  param_distributions: { model__C: [0.01, 0.1, 1, 10] },
  n_iter: 4,
  cv: 3,
  random_state: 0,
  refit: true,
};

/** Polls a locator's text until it matches (playwright-core has no `expect`). */
async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().textContent({ timeout: 1000 }).catch(() => null)) ?? '';
    if (pattern.test(text)) return text;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; last text: ${JSON.stringify(text)}`);
}

describe('web dashboard in Chromium, against the api and a worker', () => {
  let services: TestServices;
  let stack: Stack;
  let browser: Browser;
  /** Two finished runs, the newest first. */
  let runs: Json[];
  let run: Json;
  const scriptErrors = new Map<Page, string[]>();

  before(async () => {
    services = await startServices();
    migrate(services.databaseUrl);
    stack = await new Stack(services).start(1);
    browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const ids: string[] = [];
    for (const C of [0.1, 1.0]) {
      const submitted = await api<Json>(stack.baseUrl, 'POST', '/runs', { ...SMALL_RUN, estimator: scaledLogistic({ C }) });
      assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
      ids.unshift(submitted.body['id']);
    }
    runs = [];
    for (const id of ids) {
      const finished = await waitFor(
        async () => (await api<Json>(stack.baseUrl, 'GET', `/runs/${id}`)).body,
        (body) => body['status'] === 'succeeded' || body['status'] === 'failed',
        120_000,
        `run ${id}`,
      );
      assert.equal(finished['status'], 'succeeded', finished['error']);
      runs.push(finished);
    }
    run = runs[0]!;
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    await services?.cleanup();
  });

  /**
   * A fresh page at `hash` (the dashboard routes after the #), signed in with `key` (the stack's
   * admin key unless given; null: none) as the key prompt would leave it; `close` checks it had no
   * script errors.
   */
  async function open(hash: string, viewport = DESKTOP, key: string | null = TEST_ADMIN_KEY): Promise<Page> {
    const page = await browser.newPage({ viewport });
    if (key !== null) await page.addInitScript((stored) => sessionStorage.setItem('mnist-lab.api-key', stored), key);
    const errors: string[] = [];
    scriptErrors.set(page, errors);
    page.on('pageerror', (error) => errors.push(error.message));
    // Console errors are React's warnings and failed scripts; a 4xx the page handles is not one.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
    });
    await page.goto(`${stack.baseUrl}/#${hash}`);
    await page.locator('h1').first().waitFor();
    return page;
  }

  async function close(page: Page): Promise<void> {
    const errors = scriptErrors.get(page) ?? [];
    await page.context().close();
    assert.deepEqual(errors, [], `errors in the browser console at ${page.url()}`);
  }

  const shortId = (id: string) => id.slice(0, 8);

  it('serves the dashboard at / while API paths stay JSON', async () => {
    const index = await fetch(`${stack.baseUrl}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await index.text(), /<div id="root">/, 'apps/web/dist is missing: npm run build --workspace apps/web');
    const unknownApiPath = await fetchAsAdmin(`${stack.baseUrl}/runs/${run['id']}/no-such-view`);
    assert.equal(unknownApiPath.status, 404);
    assert.match(unknownApiPath.headers.get('content-type') ?? '', /application\/json/);
    const runs = await api<Json>(stack.baseUrl, 'GET', '/runs');
    assert.equal(runs.body['items'][0]['id'], run['id']);
  });

  it('asks for an API key first, refuses a wrong one with the api\'s message, and signs in and out', async () => {
    const page = await open('/runs', DESKTOP, null);
    await waitForText(page.locator('h1'), /^Sign in to mnist-lab$/);
    const key = page.getByLabel('API key');
    await key.fill('mlk_not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(page.getByRole('alert'), /^The api refused the key: /);

    await key.fill(TEST_ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(page.locator('h1'), /^Runs$/);
    const whoami = await api<Json>(stack.baseUrl, 'GET', '/auth/whoami');
    const banner = page.getByRole('banner');
    await banner.getByText('global admin').waitFor();
    await banner.getByText(whoami.body['name'], { exact: true }).waitFor();
    assert.equal(await page.getByLabel('Project').inputValue(), 'default');
    // Who submitted each run: the admin key the runs were submitted with.
    const row = page.locator('tr', { has: page.getByRole('link', { name: shortId(run['id']) }) });
    await row.getByText(whoami.body['name'], { exact: true }).waitFor();

    // The key stays for the tab's session: a reload needs no prompt.
    await page.reload();
    await waitForText(page.locator('h1'), /^Runs$/);
    await banner.getByRole('button', { name: 'Sign out' }).click();
    await waitForText(page.locator('h1'), /^Sign in to mnist-lab$/);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('mnist-lab.api-key')), null);
    await close(page);
  });

  it('shows a viewer a run without the controls it may not use, and no submit form', async () => {
    const viewer = await createKey(stack.baseUrl, TEST_ADMIN_KEY, 'default', 'viewer');
    const page = await open(`/runs/${run['id']}`, DESKTOP, viewer);
    await waitForText(page.locator('h1'), new RegExp(`Run ${shortId(run['id'])}`));
    await page.getByRole('banner').getByText('viewer', { exact: true }).waitFor();
    await page.getByRole('button', { name: /^Download model/ }).waitFor();
    for (const control of [page.getByRole('button', { name: /Delete run|Cancel run/ }), page.getByRole('link', { name: 'Draw a digit' })]) {
      assert.equal(await control.count(), 0);
    }
    const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    assert.deepEqual(nav, ['Runs', 'Sweeps', 'Compare', 'Models', 'Workers']);
    await close(page);

    const submit = await open('/submit', DESKTOP, viewer);
    await waitForText(submit.getByRole('status'), /is a viewer in project default: it may read everything there but not start runs or sweeps/);
    assert.equal(await submit.getByRole('button', { name: 'Start run' }).count(), 0);
    await close(submit);
  });

  it('reports workers, queue depths and throughput at GET /workers', async () => {
    const { status, body } = await api<Json>(stack.baseUrl, 'GET', '/workers');
    assert.equal(status, 200);
    // One record per live worker process, as it describes itself.
    assert.equal(body['workers'].length, 1, JSON.stringify(body['workers']));
    const [worker] = body['workers'];
    assert.equal(worker['pid'], stack.workers[0]!.child.pid);
    assert.equal(worker['concurrency'], 1);
    assert.equal(typeof worker['native_kernels'], 'boolean');
    assert.ok(Date.now() - Date.parse(worker['last_seen_at']) < 30_000, 'seen within the presence TTL');
    assert.equal(body['queues']['runs']['completed'], runs.length);
    assert.ok(body['jobs_per_minute']['runs'] > 0);
    for (const queue of ['runs', 'trials', 'sweeps']) assert.equal(typeof body['queues'][queue]['waiting'], 'number');
  });

  it('lists the finished run and shows its confusion matrix', async () => {
    const page = await open('/runs');
    const row = page.locator('tr', { has: page.getByRole('link', { name: shortId(run['id']) }) });
    await waitForText(row, /succeeded/);
    await waitForText(row, new RegExp(`${(run['metrics']['test']['accuracy'] * 100).toFixed(2)}%`));
    await row.getByRole('link', { name: shortId(run['id']) }).click();
    await waitForText(page.locator('h1'), new RegExp(`Run ${shortId(run['id'])}`));

    const heatmap = page.getByRole('img', { name: /Confusion matrix heatmap of the test set/ });
    await heatmap.waitFor();
    const counts: number[][] = run['metrics']['test']['confusion_matrix']['matrix'];
    const cellLabels = async () => (await heatmap.locator('svg text').allTextContents()).map((text) => text.trim());
    await waitFor(cellLabels, (labels) => labels.includes(String(counts[0]![0])), 10_000, 'the heatmap cell labels');

    await page.getByLabel('Normalize').selectOption('true');
    await page.getByLabel('Errors only').check();
    await waitFor(() => heatmap.getAttribute('aria-label'), (label) => /Errors only, by true label/.test(label ?? ''), 5000, 'the errors-only view');
    const percentages = (await cellLabels()).filter((text) => /^\d+%$/.test(text));
    assert.ok(percentages.length > 0, 'normalised cells are labelled in percent');
    assert.ok(await page.getByRole('table', { name: /Classification report, test set/ }).isVisible());
    await close(page);
  });

  it("shows the api's 400 message next to the field it names", async () => {
    const before = (await api<Json>(stack.baseUrl, 'GET', '/runs?limit=100')).body['items'].length;
    const page = await open('/submit');
    await page.getByLabel('Samples (n_samples)').fill('1500');
    const c = page.getByLabel('C', { exact: true });
    await c.fill('-1');
    await page.getByRole('button', { name: 'Start run' }).click();
    const field = page.locator('.field', { has: c });
    await waitForText(field.locator('.field-error'), /must be a float in the range \(0, inf\); got -1/);
    assert.equal(await c.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('.field-error').count(), 1, 'only the named field shows an error');
    assert.equal((await api<Json>(stack.baseUrl, 'GET', '/runs?limit=100')).body['items'].length, before);
    await close(page);
  });

  it('has no horizontal overflow at 1280x800 and at 375x667', async () => {
    const compare = `/compare?runs=${runs.map((each) => each['id']).join(',')}`;
    const pages = ['/runs', `/runs/${run['id']}`, '/sweeps', compare, '/models', '/playground', '/submit', '/submit?kind=sweep', '/workers'];
    for (const viewport of [DESKTOP, PHONE]) {
      for (const hash of pages) {
        const page = await open(hash, viewport);
        await page.waitForLoadState('networkidle');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${hash} at ${viewport.width}x${viewport.height} overflows by ${overflow} px`);
        await close(page);
      }
    }
  });

  it('reaches the main navigation with the keyboard', async () => {
    const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');
    const inNav = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest('nav[aria-label="Main"]')));

    const page = await open('/runs');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'Skip to content');
    await page.keyboard.press('Tab');
    assert.ok(await inNav(page), 'the second Tab lands in the main navigation');
    while ((await focused(page)) !== 'Workers') {
      await page.keyboard.press('Tab');
      assert.ok(await inNav(page), 'Tab walks through the navigation links');
    }
    await page.keyboard.press('Enter');
    await waitForText(page.locator('h1'), /^Workers$/);
    assert.equal(new URL(page.url()).hash, '#/workers');
    assert.equal(await page.getByRole('link', { name: 'Workers' }).getAttribute('aria-current'), 'page');
    await close(page);

    const skipping = await open('/runs');
    await skipping.keyboard.press('Tab');
    await skipping.keyboard.press('Enter');
    assert.equal(await skipping.evaluate(() => document.activeElement?.id), 'main', 'the skip link moves focus to the content');
    assert.equal(new URL(skipping.url()).hash, '#/runs', 'and does not change the route');
    await close(skipping);
  });

  /** Stops every worker, so a sweep submitted now stays queued until `stack.addWorker()`, and submits one. */
  async function submitSweepWithoutWorkers(): Promise<Json> {
    for (const worker of stack.workers) worker.child.kill('SIGTERM');
    await Promise.all(stack.workers.map((worker) => worker.exited));
    const submitted = await api<Json>(stack.baseUrl, 'POST', '/sweeps', SMALL_SWEEP);
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    return submitted.body;
  }

  it('predicts the digit drawn on the canvas', async () => {
    const models = await api<Json>(stack.baseUrl, 'GET', '/models');
    assert.equal(models.status, 200, JSON.stringify(models.body));
    const model = models.body['items'].find((item: Json) => item['run_id'] === run['id']);
    assert.ok(model, 'the run has a model');

    // A download link cannot send the key: the page fetches the artifact and hands it to the browser.
    const list = await open('/models');
    const [download] = await Promise.all([list.waitForEvent('download'), list.getByRole('button', { name: `Download model ${shortId(model['id'])}` }).click()]);
    assert.match(download.suggestedFilename(), new RegExp(`-${shortId(model['id'])}\\.mnlab$`));
    const saved = await download.path();
    assert.ok(saved);
    assert.equal((await readFile(saved)).byteLength, model['size_bytes']);
    await close(list);

    for (const viewport of [DESKTOP, PHONE]) {
      const page = await open(`/playground?model=${model['id']}`, viewport);
      const canvas = page.getByRole('img', { name: /Drawing area/ });
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      assert.ok(box);
      // A "7": a bar across the top, then a stroke down to the bottom left.
      const at = (x: number, y: number) => [box.x + x * box.width, box.y + y * box.height] as const;
      await page.mouse.move(...at(0.3, 0.25));
      await page.mouse.down();
      await page.mouse.move(...at(0.7, 0.25), { steps: 8 });
      await page.mouse.move(...at(0.45, 0.8), { steps: 12 });
      await page.mouse.up();
      await page.getByRole('button', { name: 'Predict' }).click();
      const label = await waitForText(page.locator('output'), /^\d$/);
      assert.ok(Number(label) >= 0 && Number(label) <= 9);
      await page.getByRole('img', { name: /Class probabilities: 0: [\d.]+%/ }).waitFor();

      await page.getByRole('button', { name: 'Clear' }).click();
      await page.getByRole('button', { name: 'Predict' }).click();
      await waitForText(page.getByRole('alert'), /Draw a digit first/);
      await close(page);
    }
  });

  it('updates a sweep page live while the sweep runs', async () => {
    // No worker while the sweep is queued, so the page is seen before any trial is done.
    const sweep = await submitSweepWithoutWorkers();
    const total = sweep['total_trials'];

    const page = await open(`/sweeps/${sweep['id']}`);
    const progress = page.getByText(/\d+ of \d+ trials done/);
    await waitForText(progress, new RegExp(`^0 of ${total} trials done`));
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }));

    stack.addWorker();
    const seen = new Set<string>();
    await waitFor(
      async () => {
        const text = (await progress.textContent()) ?? '';
        seen.add(text.split(' ')[0] ?? '');
        return text;
      },
      (text) => text.startsWith(`${total} of ${total} trials done`),
      120_000,
      'every trial done',
    );
    await waitForText(page.locator('.page-header .badge'), /^succeeded$/, 120_000);
    assert.equal(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce), true, 'updated without reloading');
    assert.ok(seen.size >= 2, `progress seen: ${[...seen].join(', ')}`);

    const leaderboard = page.getByRole('table', { name: /Candidates ranked/ });
    assert.equal(await leaderboard.locator('tbody tr').count(), SMALL_SWEEP.n_iter);
    await page.getByRole('img', { name: /Parallel coordinates of \d+ candidates/ }).waitFor();
    await page.getByRole('link', { name: /^[0-9a-f]{8}$/ }).first().waitFor();
    await close(page);
  });

  it('cancels a queued sweep from its page', async () => {
    const sweep = await submitSweepWithoutWorkers();

    const page = await open(`/sweeps/${sweep['id']}`);
    await page.getByRole('button', { name: 'Cancel sweep' }).click();
    await waitForText(page.locator('.page-header .badge'), /^cancelled$/);
    assert.equal(await page.getByRole('button', { name: 'Cancel sweep' }).count(), 0);
    assert.equal((await api<Json>(stack.baseUrl, 'GET', `/sweeps/${sweep['id']}`)).body['status'], 'cancelled');
    await close(page);
  });
});
