import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKey, keyedApi } from './keyed-api';
import { TEST_ADMIN_KEY, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The scenario: project A has 1000 trials queued (500 candidates, two folds each). */
const CANDIDATES_OF_A = 500;
/** Logistic regression for a few iterations on 3000 images: each trial is well under a second of fitting. */
const cheapSweep = (candidates: number) => ({
  dataset: 'mnist_784',
  n_samples: 3000,
  split: { test_size: 0.2, random_state: 0 },
  estimator: { type: 'logistic_regression', params: { solver: 'adam', max_iter: 10, tol: 0, random_state: 0 } },
  param_distributions: { C: Array.from({ length: candidates }, (_, index) => (index + 1) / 100) },
  n_iter: candidates,
  cv: 2,
  random_state: 0,
  refit: false,
});
const CHEAP_RUN = { dataset: 'mnist_784', n_samples: 3000, split: { test_size: 0.2, random_state: 0 }, estimator: { type: 'logistic_regression', params: { solver: 'adam', max_iter: 10 } } };
/** The stages a run's timings account for; the rest of its time from queued to finished it waited (an upper bound). */
const RUN_STAGES = ['load_seconds', 'fit_seconds', 'evaluate_seconds', 'predict_seconds', 'save_seconds'];

const at = (time: string) => Date.parse(time);
const seconds = (from: string, to: string) => (at(to) - at(from)) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('fair scheduling across projects: one worker, one fit at a time', () => {
  const context = useStack(1);

  it("starts project B's small sweep, then its run, after about one of project A's 1000 queued trials", async () => {
    const baseUrl = context.stack.baseUrl;
    for (const name of ['team-a', 'team-b']) assert.equal((await keyedApi(baseUrl, TEST_ADMIN_KEY, 'POST', '/projects', { name })).status, 201);
    const [keyOfA, keyOfB] = [await createKey(baseUrl, TEST_ADMIN_KEY, 'team-a', 'member'), await createKey(baseUrl, TEST_ADMIN_KEY, 'team-b', 'member')];
    const getSweep = async (key: string, id: string) => (await keyedApi<Json>(baseUrl, key, 'GET', `/sweeps/${id}`)).body;

    const sweepOfA = await keyedApi<Json>(baseUrl, keyOfA, 'POST', '/sweeps', cheapSweep(CANDIDATES_OF_A));
    assert.equal(sweepOfA.status, 202, JSON.stringify(sweepOfA.body));
    assert.equal(sweepOfA.body['total_trials'], 2 * CANDIDATES_OF_A);
    // The summary list is polled, not the 1000-trial sweep, to leave the CPUs to the worker.
    const doneOfA = (count: number, what: string) =>
      waitFor(
        async () => (await keyedApi<Json>(baseUrl, keyOfA, 'GET', '/sweeps?project=team-a')).body['items'][0],
        (summary) => summary['done_trials'] >= count,
        60_000,
        what,
      );
    // Three of A's trials done: the worker is warm (fit process up, dataset cached). The next few say how long one of A's trials takes.
    await doneOfA(3, "three of A's trials");
    const warmAt = new Date().toISOString();
    await doneOfA(10, "ten of A's trials");

    // B's small sweep: its first trial should be the next one the worker takes.
    const sweepOfB = await keyedApi<Json>(baseUrl, keyOfB, 'POST', '/sweeps', cheapSweep(1));
    assert.equal(sweepOfB.status, 202, JSON.stringify(sweepOfB.body));
    assert.equal(sweepOfB.body['project'], 'team-b');
    const ofB = await waitFor(() => getSweep(keyOfB, sweepOfB.body['id']), (sweep) => sweep['status'] === 'succeeded', 60_000, "B's sweep to finish");
    const firstOfB = ofB['trials'].map((trial: Json) => trial['started_at'] as string).sort()[0];
    const sweepWait = seconds(ofB['created_at'], firstOfB);

    // Then B's run (another queue): it waits only for the fit process that A's current trial holds.
    const run = await keyedApi<Json>(baseUrl, keyOfB, 'POST', '/runs', CHEAP_RUN);
    assert.equal(run.status, 202, JSON.stringify(run.body));
    const { status, error, timings } = await waitFor(
      async () => (await keyedApi<Json>(baseUrl, keyOfB, 'GET', `/runs/${run.body['id']}`)).body,
      (current) => current['timings']['finished_at'] !== null,
      60_000,
      "B's run to finish",
    );
    assert.equal(status, 'succeeded', error);
    const runWait = seconds(timings['queued_at'], timings['finished_at']) - RUN_STAGES.reduce((sum, stage) => sum + (timings[stage] ?? 0), 0);

    const ofA = await getSweep(keyOfA, sweepOfA.body['id']);
    const finishedOfA = ofA['trials'].filter((trial: Json) => trial['recorded_at'] !== null);
    // A's warm trial times while only trials were fitting (after the first three, before B's run
    // queued for the fit process).
    const durations = finishedOfA
      .filter((trial: Json) => at(trial['started_at']) > at(warmAt) && at(trial['recorded_at']) < at(timings['queued_at']))
      .map((trial: Json) => seconds(trial['started_at'], trial['recorded_at']));
    const [typical, longest] = [median(durations), Math.max(...durations)];
    const backlogSeconds = 2 * CANDIDATES_OF_A * typical;
    // A's trials that went ahead of B's: taken after B submitted and before B's first trial, or
    // taken after the worker took B's run and finished before it (so they had the fit process first).
    const aheadOfSweep = finishedOfA.filter((trial: Json) => at(trial['started_at']) > at(ofB['created_at']) && at(trial['started_at']) < at(firstOfB)).length;
    const aheadOfRun = finishedOfA.filter((trial: Json) => at(trial['started_at']) > at(timings['started_at']) && at(trial['recorded_at']) < at(timings['finished_at'])).length;
    console.log(
      `fairness: A's trials take ${typical.toFixed(2)} s (median of ${durations.length}, longest ${longest.toFixed(2)} s), A's backlog about ${backlogSeconds.toFixed(0)} s. ` +
        `B's sweep started its first trial ${sweepWait.toFixed(2)} s after it was submitted (${aheadOfSweep} of A's trials started in between); ` +
        `B's run waited at most ${runWait.toFixed(2)} s for a fit process (${aheadOfRun} of A's trials went ahead); ` +
        `A then still had ${ofA['progress']['queued']} trials queued`,
    );
    // One of A's trials may go ahead: the one the worker takes while B's submission is on its way
    // to the queue (or its run to the fit process). Within about one trial: B waits for A's
    // current trial, or that one and the next in that race, plus the worker's own overhead.
    for (const [what, wait, ahead] of [['sweep', sweepWait, aheadOfSweep], ['run', runWait, aheadOfRun]] as const) {
      assert.ok(ahead <= 1, `${ahead} of A's trials went ahead of B's ${what}`);
      assert.ok(wait <= 2 * longest + 1, `B's ${what} waited ${wait} s, A's longest trial took ${longest} s`);
      assert.ok(wait < backlogSeconds / 20, `B's ${what} waited ${wait} s; A's backlog is ${backlogSeconds} s`);
    }
    assert.ok(ofA['progress']['queued'] > 2 * CANDIDATES_OF_A - 50, "A's backlog was still queued when B's work was done");
    assert.equal((await keyedApi(baseUrl, keyOfA, 'POST', `/sweeps/${sweepOfA.body['id']}/cancel`)).status, 200);
  });
});
