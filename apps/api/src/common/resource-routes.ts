import { applyDecorators, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, type Type } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import type { FieldCatalogue } from '@mnist-lab/infra';
import { filterDescription } from './history.query';
import { pageOf } from './response-schemas';

/**
 * The routes every stored resource (runs, sweeps, models) has, each one decorator: the HTTP
 * route, its status code and its OpenAPI operation and answers, so that the controllers say only
 * what differs (the resource's name, its schemas and the summaries).
 */

/** The `:id` path parameter, a UUID (anything else is a 400 naming it). */
export const IdParam = (): ParameterDecorator => Param('id', new ParseUUIDPipe());

/** `POST /<resource>`: 202 once the request is stored and queued, 400 when it is invalid or over the fit limits. */
export function SubmitRoute(summary: string, body: Type, accepted: { description: string; schema: SchemaObject }, invalid: string): MethodDecorator {
  return applyDecorators(
    Post(),
    HttpCode(HttpStatus.ACCEPTED),
    ApiOperation({ summary }),
    ApiBody({ type: body }),
    ApiAcceptedResponse(accepted),
    ApiBadRequestResponse({ description: invalid }),
  );
}

/**
 * `POST /<resource>` of content stored by its hash: 201 with what was stored, 200 with what was
 * already stored (the same content again), 413 over the size limit.
 */
export function UploadRoute(schema: SchemaObject, answers: { created: string; existing: string; tooLarge: string }): MethodDecorator {
  return applyDecorators(
    Post(),
    ApiCreatedResponse({ description: answers.created, schema }),
    ApiOkResponse({ description: answers.existing, schema }),
    ApiPayloadTooLargeResponse({ description: answers.tooLarge }),
  );
}

/**
 * `GET /<resource>` (or `path`): a page of summaries found by the filter language over `fields`,
 * with a cursor to the next one; a refused filter, order_by or cursor is a 400 saying where.
 */
export function ListRoute(summary: string, item: SchemaObject, fields: FieldCatalogue, path?: string): MethodDecorator {
  return applyDecorators(
    Get(path),
    ApiOperation({ summary, description: filterDescription(fields) }),
    ApiOkResponse({ schema: pageOf(item) }),
    ApiBadRequestResponse({ description: 'A malformed filter or order_by, an unknown field, a type mismatch, over 4 KB or 64 conditions, a foreign cursor: {error: "invalid_query", message, field, position, expected}' }),
  );
}

/** `GET /<resource>/:id`. */
export function GetRoute(resource: string, summary: string, schema: SchemaObject): MethodDecorator {
  return applyDecorators(Get(':id'), ApiOperation({ summary }), ApiOkResponse({ schema }), ApiNotFoundResponse({ description: `No such ${resource}` }));
}

/** `PATCH /<resource>/:id` of its metadata (name, tags, notes): 200 with the resource as GET shows it. */
export function PatchRoute(resource: string, summary: string, body: Type, schema: SchemaObject): MethodDecorator {
  return applyDecorators(
    Patch(':id'),
    ApiOperation({ summary }),
    ApiBody({ type: body }),
    ApiOkResponse({ schema }),
    ApiBadRequestResponse({ description: 'A field that cannot be changed, or a name, tag or notes over its size limit; `field` names it' }),
    ApiNotFoundResponse({ description: `No such ${resource}` }),
  );
}

/** `POST /<resource>/:id/cancel`: 200 with the cancelled resource, 409 once it has finished. */
export function CancelRoute(resource: string, summary: string, schema: SchemaObject): MethodDecorator {
  return applyDecorators(
    Post(':id/cancel'),
    HttpCode(HttpStatus.OK),
    ApiOperation({ summary }),
    ApiOkResponse({ schema }),
    ApiNotFoundResponse({ description: `No such ${resource}` }),
    ApiConflictResponse({ description: `The ${resource} already finished` }),
  );
}

/** `DELETE /<resource>/:id`: 204; `unfinished`, when given, says when a 409 answers instead. */
export function DeleteRoute(resource: string, summary: string, unfinished?: string): MethodDecorator {
  return applyDecorators(
    Delete(':id'),
    HttpCode(HttpStatus.NO_CONTENT),
    ApiOperation({ summary }),
    ApiNoContentResponse({ description: 'Deleted' }),
    ApiNotFoundResponse({ description: `No such ${resource}` }),
    ...(unfinished ? [ApiConflictResponse({ description: unfinished })] : []),
  );
}
