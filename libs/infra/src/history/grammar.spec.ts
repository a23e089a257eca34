import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFilter } from './compile-filter';
import { RUN_FIELDS } from './fields';
import { MAX_FILTER_LENGTH, MAX_FILTER_TERMS, collectConditions, parseFilter, parseOrderBy } from './grammar';
import { compileOrder } from './order';
import { HistoryQueryError } from './query-error';

/** Parses and compiles, as GET /runs does. */
function check(filter: string) {
  return compileFilter(parseFilter(filter), RUN_FIELDS);
}

const ACCEPTED: readonly [string, number][] = [
  // [query, conditions in it]
  ["model_type = 'random_forest' AND params.model__max_depth IS NULL AND metrics.test.accuracy > 0.96", 3],
  ["metrics.test.recall['8'] > 0.95", 1],
  ['metrics.test.precision[3] >= 0.9', 1],
  ["(model_type = 'random_forest' OR model_type = 'logistic_regression') AND NOT status = 'failed'", 3],
  ["tags.baseline = 'true' OR tags['team name'] != 'vision'", 2],
  ["status IN ('succeeded', 'failed') and dataset not in ('a', \"b\")", 2],
  ["name LIKE 'rf-%' OR name ILIKE '%BASE%' OR name NOT LIKE 'x' OR name not ilike 'y'", 4],
  ['created_at >= 2026-12-01 AND finished_at < 2026-12-03T18:00:00Z', 2],
  ["created_at > '2026-12-01T10:00:00.123+01:00'", 1],
  ['fit_seconds <= 1e3 AND predict_seconds < -0.5e-2 AND duration_seconds <> 3 AND attempts = 1', 4],
  ['params.model__bootstrap = true AND params.scale__with_mean != false', 2],
  ["params.model__max_features = 'sqrt' OR params.model__max_features = 0.5", 2],
  ['params.model__max_depth = null OR params.model__max_depth != NULL', 2],
  ['NOT (NOT fit_seconds > 1)', 1],
  ["  status='succeeded'  ", 1],
  ["sweep_id = '3f0c0b2e-8a35-4c11-9d1c-0a1b2c3d4e5f' AND project = 'default'", 2],
  ['metrics.train.macro_f1 IS NOT NULL AND metrics.test.weighted_recall > 0.5', 2],
];

const REJECTED: readonly [string, number, RegExp][] = [
  // [query, position, message]
  ['status = ', 9, /expected value/],
  ["status = 'succeeded' AND", 24, /expected/],
  ['x == 1', 3, /expected value/],
  ["status = 'a' AND AND x = 1", 17, /expected "\(", "NOT", field/],
  ['(fit_seconds > 1', 16, /expected "\)"/],
  ["name = 'unterminated", 7, /expected value/],
  ['status IN ()', 10, /list of values/],
  ['fit_seconds > 1 extra', 16, /expected/],
  ["colour = 'red'", 0, /unknown field "colour"/],
  ['params.model__max_dept = 3', 0, /no estimator has a parameter "max_dept"/],
  ["metrics.test.recall > 0.9", 0, /per-class metric/],
  ["metrics.test.accuracy['3'] > 0.9", 0, /per-class metrics are/],
  ['metrics.validation.accuracy > 0.9', 0, /subset test or train/],
  ["fit_seconds > 'fast'", 14, /type mismatch.*fit_seconds is a number/],
  ['dataset = 5', 10, /type mismatch.*quote the value/],
  ["status = 'finished'", 9, /type mismatch.*queued, running/],
  ["created_at > 'yesterday'", 13, /type mismatch.*ISO 8601/],
  ["sweep_id = 'not-a-uuid'", 11, /type mismatch.*UUID/],
  ["params.model__max_depth = 'deep'", 26, /type mismatch.*takes number values/],
  ['params.model__bootstrap > true', 26, /only with = or !=/],
  ['tags.team = 3', 12, /type mismatch/],
  ['fit_seconds < null', 14, /IS NULL/],
  ['fit_seconds IN (1, null)', 19, /IN lists take no null/],
  ['fit_seconds LIKE 1', 17, /text field/],
  ["metrics.test.f1['8'] = 'high'", 23, /type mismatch.*number/],
  ["tags['bad'key'] = 'x'", 4, /expected operator/],
];

describe('the history filter language', () => {
  for (const [query, conditions] of ACCEPTED) {
    it(`accepts ${query}`, () => {
      assert.equal(collectConditions(parseFilter(query)).length, conditions);
      assert.doesNotThrow(() => check(query));
    });
  }

  for (const [query, position, message] of REJECTED) {
    it(`rejects ${query} at ${position}`, () => {
      assert.throws(
        () => check(query),
        (error: unknown) => {
          assert.ok(error instanceof HistoryQueryError, String(error));
          assert.equal(error.field, 'filter');
          assert.equal(error.position, position, error.message);
          assert.match(error.message, message);
          assert.ok(Array.isArray(error.expected));
          return true;
        },
      );
    });
  }

  it('lists what a syntax error expected', () => {
    assert.throws(() => check('status = '), (error: HistoryQueryError) => error.expected.includes('value'));
    assert.throws(() => check("colour = 'red'"), (error: HistoryQueryError) => error.expected.includes('fit_seconds') && error.expected.includes('params.<name>'));
  });

  it(`refuses more than ${MAX_FILTER_LENGTH} characters and more than ${MAX_FILTER_TERMS} conditions`, () => {
    const long = `name = '${'x'.repeat(MAX_FILTER_LENGTH)}'`;
    assert.throws(() => check(long), (error: HistoryQueryError) => error.position === MAX_FILTER_LENGTH && /at most 4096/.test(error.message));
    const terms = Array.from({ length: MAX_FILTER_TERMS + 1 }, (_, i) => `attempts = ${i}`);
    const query = terms.join(' OR ');
    assert.throws(() => check(query), (error: HistoryQueryError) => error.position === query.lastIndexOf('attempts') && /65 conditions/.test(error.message));
    assert.doesNotThrow(() => check(terms.slice(0, MAX_FILTER_TERMS).join(' OR ')));
  });

  it('keeps every literal out of the SQL text', () => {
    const evil = "x'); DROP TABLE runs; --";
    const sql = check(`name = '${evil.replace(/'/g, "''")}' OR tags.team = '${evil.replace(/'/g, "''")}' OR params.model__criterion LIKE '${evil.replace(/'/g, "''")}'`);
    assert.ok(!sql.sql.includes('DROP'), sql.sql);
    assert.ok(sql.values.includes(evil));
  });

  it('binds AND tighter than OR, and NOT tighter than AND', () => {
    const parsed = parseFilter('attempts = 1 OR attempts = 2 AND NOT attempts = 3');
    assert.equal(parsed.kind, 'or');
    assert.equal(parsed.kind === 'or' && parsed.operands[1].kind, 'and');
  });
});

describe('order_by', () => {
  it('takes several keys, descending unless ASC', () => {
    const order = compileOrder(parseOrderBy("metrics.test.recall['8'], fit_seconds ASC, params.model__max_depth desc"), RUN_FIELDS);
    assert.equal(order.signature, "metrics.test.recall['8'] DESC,fit_seconds ASC,params.model__max_depth DESC");
    assert.equal(order.idDirection, 'DESC');
  });

  it('refuses fields that do not order', () => {
    for (const [text, position] of [["tags.team", 0], ['dataset ASC', 0], ['fit_seconds, params.model__criterion', 13], ['fit_seconds sideways', 12]] as const) {
      assert.throws(() => compileOrder(parseOrderBy(text), RUN_FIELDS), (error: HistoryQueryError) => error.field === 'order_by' && error.position === position, text);
    }
  });
});
