import 'reflect-metadata';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { satisfies, validateSpec, type ParamValue } from '@mnist-lab/ml/spec';
import type { EstimatorDto } from './estimator.dto';
import { EstimatorsModule } from './estimators.module';

describe('GET /estimators', () => {
  let app: INestApplication;
  let estimators: EstimatorDto[];

  before(async () => {
    app = await NestFactory.create(EstimatorsModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/estimators`);
    assert.equal(response.status, 200);
    estimators = (await response.json()) as EstimatorDto[];
  });
  after(() => app.close());

  const find = (type: string) => {
    const estimator = estimators.find((candidate) => candidate.type === type);
    assert.ok(estimator, `${type} is listed`);
    return estimator;
  };

  it('lists every estimator type with its scikit-learn name and kind', () => {
    assert.deepEqual(estimators.map((e) => e.type).sort(), ['image_augmenter', 'logistic_regression', 'one_vs_one', 'one_vs_rest', 'pipeline', 'random_forest', 'stacking', 'standard_scaler', 'voting']);
    assert.deepEqual({ name: find('random_forest').name, kind: find('random_forest').kind }, { name: 'RandomForestClassifier', kind: 'classifier' });
    assert.equal(find('standard_scaler').kind, 'transformer');
  });

  it("publishes each parameter's default, constraints, allowed values in words and description", () => {
    const maxDepth = find('random_forest').params.find((param) => param.name === 'max_depth');
    assert.deepEqual(maxDepth, {
      name: 'max_depth',
      default: null,
      constraints: [{ kind: 'int', min: 1 }, { kind: 'null' }],
      allowed: 'an int in the range [1, inf) or null',
      description: 'Maximum depth of a tree; null grows leaves until they are pure.',
    });
    const criterion = find('random_forest').params.find((param) => param.name === 'criterion');
    assert.deepEqual(criterion?.constraints, [{ kind: 'options', values: ['gini', 'entropy', 'log_loss'] }]);
    const C = find('logistic_regression').params.find((param) => param.name === 'C');
    assert.deepEqual(C?.constraints, [{ kind: 'float', min: 0, min_exclusive: true, max_exclusive: false }]);
  });

  it('gives defaults that the published constraints accept, so a client can trust them', () => {
    for (const estimator of estimators) {
      for (const param of estimator.params) {
        const nestedSpec = param.constraints.some((c) => c.kind === 'estimator' || c.kind === 'steps' || c.kind === 'estimators');
        if (nestedSpec) continue; // required: no default to check
        const constraints = param.constraints.map(({ kind, min, max, min_exclusive, max_exclusive, values }) => ({ kind, min, max, minExclusive: min_exclusive, maxExclusive: max_exclusive, values }));
        assert.ok(constraints.some((c) => satisfies(param.default as ParamValue, c as never)), `${estimator.type}.${param.name}`);
      }
      if (estimator.params.every((param) => !param.constraints.some((c) => c.kind === 'estimator' || c.kind === 'steps' || c.kind === 'estimators'))) {
        assert.equal(validateSpec({ type: estimator.type }).type, estimator.type);
      }
    }
  });

  it('documents the response schema in OpenAPI', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const ok = document.paths['/estimators']?.get?.responses['200'] as unknown as { content: { 'application/json': { schema: unknown } } };
    assert.deepEqual(ok.content['application/json'].schema, { type: 'array', items: { $ref: '#/components/schemas/EstimatorDto' } });
    assert.ok(document.components?.schemas?.['EstimatorParamDto'], 'parameter schema published');
  });
});
