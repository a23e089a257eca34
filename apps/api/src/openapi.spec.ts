import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { estimatorTypes } from '@mnist-lab/ml/spec';
import { sample } from 'openapi-sampler';
import { AppModule } from './app.module';
import { createOpenApiDocument } from './openapi';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operations(document: OpenAPIObject) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ name: `${method.toUpperCase()} ${path}`, operation: item[method]! })),
  );
}

describe('the OpenAPI document', () => {
  let app: INestApplication;
  let document: OpenAPIObject;

  before(async () => {
    // Preview mode reads the controllers' metadata without creating providers: no database, Redis or port.
    app = await NestFactory.create(AppModule, { preview: true, logger: false });
    document = createOpenApiDocument(app);
  });

  after(() => app?.close());

  it('gives every 2xx response a schema (204 No Content excepted: it has no body)', () => {
    const missing: string[] = [];
    for (const { name, operation } of operations(document)) {
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      if (success.length === 0) missing.push(`${name}: no 2xx response documented`);
      for (const [status, response] of success) {
        const content = response && 'content' in response ? response.content : undefined;
        if (status === '204') {
          if (content) missing.push(`${name} ${status}: a 204 has no body, yet a schema is documented`);
          continue;
        }
        const types = Object.entries(content ?? {});
        if (types.length === 0) missing.push(`${name} ${status}: no content`);
        for (const [type, media] of types) if (!media.schema) missing.push(`${name} ${status} ${type}: no schema`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it("documents n_samples and random_state as nullable integers and the estimator's type as the registered types", () => {
    const schemas = document.components?.schemas as Record<string, SchemaObject>;
    const property = (dto: string, name: string) => schemas[dto].properties?.[name] as SchemaObject;
    for (const [dto, name] of [['CreateRunDto', 'n_samples'], ['SplitDto', 'random_state'], ['CreateSweepDto', 'random_state']]) {
      assert.deepEqual([property(dto, name).type, property(dto, name).nullable], ['integer', true], `${dto}.${name}`);
    }
    assert.deepEqual(property('EstimatorSpecDto', 'type').enum, estimatorTypes());
  });

  it('builds each JSON request example with a value of its documented type for every property (what "Try it out" sends)', () => {
    for (const path of ['/runs', '/sweeps']) {
      const body = document.paths[path].post!.requestBody as { content: Record<string, { schema: SchemaObject }> };
      const example = sample(body.content['application/json'].schema as Parameters<typeof sample>[0], {}, document) as Record<string, unknown>;
      assert.ok(Number.isInteger(example['n_samples']), `${path}: n_samples ${JSON.stringify(example['n_samples'])}`);
      const split = example['split'] as Record<string, unknown>;
      assert.ok(Number.isInteger(split['random_state']), `${path}: split.random_state ${JSON.stringify(split['random_state'])}`);
      assert.ok(estimatorTypes().includes((example['estimator'] as { type: string }).type));
    }
  });

  it("builds the predict example as one mnist_784 image (the example run's model), while the schema takes any width", () => {
    const body = document.paths['/models/{id}/predict'].post!.requestBody as { content: Record<string, { schema: SchemaObject }> };
    const example = sample(body.content['application/json'].schema as Parameters<typeof sample>[0], {}, document) as { instances: unknown[][] };
    assert.equal(example.instances.length, 1);
    assert.equal(example.instances[0].length, 784);
    assert.ok(example.instances[0].every((value) => value === 0));
    const instances = (document.components?.schemas as Record<string, SchemaObject>)['PredictInstancesDto'].properties?.['instances'] as SchemaObject;
    const row = instances.items as SchemaObject;
    assert.deepEqual([row.minItems, row.maxItems, (row.items as SchemaObject).type], [1, undefined, 'number']);
  });
});
