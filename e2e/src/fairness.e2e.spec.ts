import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKey, keyedApi } from './keyed-api';
import { TEST_ADMIN_KEY, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CHEAP_CANDIDATES = 30;
/** Logistic regression for a few iterations on 3000 images: each trial is under a second of work. */
const cheapSweep = (candidates: number) => ({
  dataset: 'mnist_784',
  n_samples: 3000,
  split: { test_size: 0.2, random_state: 0 },
  estimator: { type: 'logistic_regression', params: { solver: 'adam', max_iter: 10, tol: 0, random_state: 0 } },
  param_distributions: { C: Array.from({ length: candidates }, (_, index) => (index + 1) / 10) },
  n_iter: candidates,
  cv: 2,
  random_state: 0,
  refit: false,
});
const CHEAP_RUN = { dataset: 'mnist_784', n_samples: 3000, split: { test_size: 0.2, random_state: 0 }, estimator: { type: 'logistic_regression', params: { solver: 'adam', max_iter: 10 } } };
/** The stages a run's timings account for; the rest of its time from queued to finished it waited. */
const RUN_STAGES = ['load_seconds', 'fit_seconds', 'evaluate_seconds', 'predict_seconds', 'save_seconds'];

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('fair scheduling across projects, one worker', () => {
  const context = useStack(1);

  it("starts project B's run and small sweep after about one of project A's trials, not after A's backlog", async () => {
    const baseUrl = context.stack.baseUrl;
    for (const name of ['team-a', 'team-b']) assert.equal((await keyedApi(baseUrl, TEST_ADMIN_KEY, 'POST', '/projects', { name })).status, 201);
    const [keyOfA, keyOfB] = [await createKey(baseUrl, TEST_ADMIN_KEY, 'team-a', 'member'), await createKey(baseUrl, TEST_ADMIN_KEY, 'team-b', 'member')];

    const bigSweep = await keyedApi<Json>(baseUrl, keyOfA, 'POST', '/sweeps', cheapSweep(CHEAP_CANDIDATES));
    assert.equal(bigSweep.status, 202, JSON.stringify(bigSweep.body));
    const getSweep = async (key: string, id: string) => (await keyedApi<Json>(baseUrl, key, 'GET', `/sweeps/${id}`)).body;
    // A few of A's trials done: the worker is warm, and they say how long one trial takes.
    const warm = await waitFor(() => getSweep(keyOfA, bigSweep.body['id']), (sweep) => sweep['progress']['done'] >= 4, 60_000, "four of A's trials");
    const trialSeconds = median(warm['trials'].filter((trial: Json) => trial['recorded_at']).map((trial: Json) => seconds(trial['started_at'], trial['recorded_at'])));
    const backlogSeconds = (warm['progress']['total'] - warm['progress']['done']) * trialSeconds;

    const smallSweep = await keyedApi<Json>(baseUrl, keyOfB, 'POST', '/sweeps', cheapSweep(1));
    const run = await keyedApi<Json>(baseUrl, keyOfB, 'POST', '/runs', CHEAP_RUN);
    assert.equal(smallSweep.status, 202, JSON.stringify(smallSweep.body));
    assert.equal(run.status, 202, JSON.stringify(run.body));
    assert.equal(smallSweep.body['project'] ?? 'team-b', 'team-b');

    const ofB = await waitFor(() => getSweep(keyOfB, smallSweep.body['id']), (sweep) => sweep['trials'].some((trial: Json) => trial['started_at']), 60_000, "B's first trial to start");
    const sweepWait = Math.min(...ofB['trials'].filter((trial: Json) => trial['started_at']).map((trial: Json) => seconds(ofB['created_at'], trial['started_at'])));
    const finishedRun = await waitFor(
      async () => (await keyedApi<Json>(baseUrl, keyOfB, 'GET', `/runs/${run.body['id']}`)).body,
      (current) => current['timings']['finished_at'] !== null,
      60_000,
      "B's run to finish",
    );
    const { timings } = finishedRun;
    const runWait = seconds(timings['queued_at'], timings['finished_at']) - RUN_STAGES.reduce((sum, stage) => sum + (timings[stage] ?? 0), 0);
    const stillQueued = (await getSweep(keyOfA, bigSweep.body['id']))['progress']['queued'];
    console.log(
      `fairness: one trial ${trialSeconds.toFixed(2)} s, A's backlog ${backlogSeconds.toFixed(1)} s; B's sweep started its first trial after ${sweepWait.toFixed(2)} s, ` +
        `B's run waited ${runWait.toFixed(2)} s for a fit process; A still had ${stillQueued} trials queued`,
    );
    assert.equal(finishedRun['status'], 'succeeded', finishedRun['error']);
    for (const [what, wait] of [['sweep', sweepWait], ['run', runWait]] as const) {
      assert.ok(wait <= 2 * trialSeconds + 1, `B's ${what} waited ${wait} s, one trial takes ${trialSeconds} s`);
      assert.ok(wait < backlogSeconds / 5, `B's ${what} waited ${wait} s; A's backlog is ${backlogSeconds} s`);
    }
    assert.ok(stillQueued > 10, "A's backlog was still there when B's work was done");
    assert.equal((await keyedApi(baseUrl, keyOfA, 'POST', `/sweeps/${bigSweep.body['id']}/cancel`)).status < 300, true);
  });
});
