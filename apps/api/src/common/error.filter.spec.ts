import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArgumentsHost, NotFoundException, PayloadTooLargeException, UnsupportedMediaTypeException, ValidationPipe } from '@nestjs/common';
import {
  ConflictError,
  ForbiddenError,
  InvalidStoredDataError,
  NotFoundError,
  QueueUnavailableError,
  QuotaExceededError,
  RateLimitedError,
  UnauthenticatedError,
} from '@mnist-lab/contracts';
import { ArtifactError, ArtifactTooLargeError, DataError, DomainError, InvalidParameterError, NotFittedError } from '@mnist-lab/ml';
import { IsInt, Max } from 'class-validator';
import { DigitImageError } from '../models/digit-preprocessing';
import { ErrorFilter, STATUS_BY_CODE, errorResponse } from './error.filter';
import { validationException } from './validation-exception';

describe('errorResponse', () => {
  const cases: [string, DomainError, number, Record<string, string>][] = [
    ['InvalidParameterError', new InvalidParameterError('estimator.params.C', 'must be > 0'), 400, { error: 'invalid_parameter', message: 'estimator.params.C: must be > 0', field: 'estimator.params.C' }],
    ['DataError', new DataError('X has 3 features, expected 784'), 400, { error: 'invalid_data', message: 'X has 3 features, expected 784' }],
    ['ArtifactError', new ArtifactError('artifact is truncated'), 400, { error: 'invalid_artifact', message: 'artifact is truncated' }],
    ['ArtifactTooLargeError', new ArtifactTooLargeError('the artifact is larger than the limit of 512 MB'), 413, { error: 'payload_too_large', message: 'the artifact is larger than the limit of 512 MB' }],
    ['DigitImageError', new DigitImageError('not a PNG image'), 400, { error: 'invalid_image', message: 'not a PNG image' }],
    ['NotFoundError', new NotFoundError('run', 'abc'), 404, { error: 'not_found', message: 'run abc does not exist' }],
    ['ConflictError', new ConflictError('sweep abc is already succeeded'), 409, { error: 'conflict', message: 'sweep abc is already succeeded' }],
    ['NotFittedError', new NotFittedError('Pipeline'), 409, { error: 'not_fitted', message: "This Pipeline instance is not fitted yet. Call 'fit' before using this estimator." }],
    ['UnauthenticatedError', new UnauthenticatedError('no API key'), 401, { error: 'unauthenticated', message: 'no API key' }],
    ['ForbiddenError', new ForbiddenError('a viewer may not submit'), 403, { error: 'forbidden', message: 'a viewer may not submit' }],
    ['RateLimitedError', new RateLimitedError('more than 600 requests a minute', 12), 429, { error: 'rate_limited', message: 'more than 600 requests a minute' }],
    [
      'QuotaExceededError',
      new QuotaExceededError('PROJECT_MAX_PENDING_TRIALS', 10, 8, 'would hold 12 trials'),
      429,
      { error: 'quota_exceeded', message: 'would hold 12 trials', field: 'PROJECT_MAX_PENDING_TRIALS' },
    ],
    ['QueueUnavailableError', new QueueUnavailableError('the job queue is unavailable'), 503, { error: 'queue_unavailable', message: 'the job queue is unavailable' }],
    [
      'InvalidStoredDataError',
      new InvalidStoredDataError('runs', 'abc', 'spec.estimator.type', 'unknown estimator type "svm"'),
      500,
      { error: 'invalid_stored_data', message: 'runs[abc].spec.estimator.type: unknown estimator type "svm"', field: 'runs[abc].spec.estimator.type' },
    ],
  ];
  for (const [name, error, status, body] of cases) {
    it(`${name} is a ${status} with its code, message and field`, () => {
      assert.deepEqual(errorResponse(error), { status, body });
    });
  }

  it('gives every code a status (a new error class without one would be a 500)', () => {
    assert.deepEqual(Object.keys(STATUS_BY_CODE).sort(), [...new Set(cases.map(([, error]) => error.code))].sort());
  });

  it('normalises Nest HttpExceptions to the same shape', () => {
    assert.deepEqual(errorResponse(new NotFoundException('Cannot GET /nope')), { status: 404, body: { error: 'not_found', message: 'Cannot GET /nope' } });
    assert.deepEqual(errorResponse(new PayloadTooLargeException('larger than 64 MB')), { status: 413, body: { error: 'payload_too_large', message: 'larger than 64 MB' } });
    assert.deepEqual(errorResponse(new UnsupportedMediaTypeException({ message: ['a', 'b'] })), { status: 415, body: { error: 'unsupported_media_type', message: 'a; b' } });
  });

  it("normalises the ValidationPipe's errors, naming the field", async () => {
    class Query {
      @IsInt()
      @Max(100)
      limit!: number;
    }
    const pipe = new ValidationPipe({ exceptionFactory: validationException });
    const error = await pipe.transform({ limit: 500 }, { type: 'query', metatype: Query }).then(
      () => assert.fail('expected a validation error'),
      (caught: unknown) => caught,
    );
    assert.deepEqual(errorResponse(error), {
      status: 400,
      body: { error: 'invalid_parameter', message: 'limit: limit must not be greater than 100', field: 'limit' },
    });
  });

  it("shows an Express middleware's client error (body-parser's malformed JSON)", () => {
    const parseError = Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400, expose: true });
    assert.deepEqual(errorResponse(parseError), { status: 400, body: { error: 'bad_request', message: 'Unexpected end of JSON input' } });
  });

  it('hides anything else behind a generic 500', () => {
    const { status, body } = errorResponse(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    assert.equal(status, 500);
    assert.equal(body.error, 'internal_error');
    assert.doesNotMatch(body.message, /secret/);
  });
});

describe('ErrorFilter', () => {
  function hostFor(headersSent = false) {
    const sent: { status?: number; body?: unknown; headers?: Record<string, string>; destroyed: boolean } = { destroyed: false };
    const response = {
      headersSent,
      setHeader(name: string, value: string) {
        sent.headers = { ...sent.headers, [name]: value };
      },
      status(code: number) {
        sent.status = code;
        return this;
      },
      json(body: unknown) {
        sent.body = body;
      },
      destroy() {
        sent.destroyed = true;
      },
    };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    return { host, sent };
  }

  it('writes the status and body', () => {
    const { host, sent } = hostFor();
    new ErrorFilter().catch(new NotFoundError('model', 'abc'), host);
    assert.deepEqual(sent, { status: 404, body: { error: 'not_found', message: 'model abc does not exist' }, destroyed: false });
  });

  it('tells a rate-limited client when to retry and an unauthenticated one how to authenticate', () => {
    const limited = hostFor();
    new ErrorFilter().catch(new RateLimitedError('too many requests', 7), limited.host);
    assert.deepEqual([limited.sent.status, limited.sent.headers], [429, { 'Retry-After': '7' }]);
    const anonymous = hostFor();
    new ErrorFilter().catch(new UnauthenticatedError('no API key'), anonymous.host);
    assert.deepEqual([anonymous.sent.status, anonymous.sent.headers], [401, { 'WWW-Authenticate': 'Bearer' }]);
  });

  it('cuts a response short whose headers are already sent', () => {
    const { host, sent } = hostFor(true);
    new ErrorFilter().catch(new Error('stream broke'), host);
    assert.deepEqual(sent, { destroyed: true });
  });
});
