import type { SchemaObject } from '@nestjs/swagger';
import { ROLES } from '@mnist-lab/contracts';
import { nullable, object, pageOf } from '../common/response-schemas';

/* OpenAPI schemas of the access endpoints' answers: projects, keys, whoami and the audit log. */

const string: SchemaObject = { type: 'string' };
const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const dateTime: SchemaObject = { type: 'string', format: 'date-time' };
const role: SchemaObject = { type: 'string', enum: [...ROLES] };
const itemsOf = (item: SchemaObject): SchemaObject => object({ items: { type: 'array', items: item } });

export const PROJECT = object({ name: string, created_at: dateTime, created_by: nullable(string), role: { ...role, description: "The caller's role in it" } });
export const PROJECTS = itemsOf(PROJECT);

const API_KEY_PROPERTIES = {
  id: uuid,
  name: string,
  prefix: { type: 'string', example: 'mlk_ab12cd', description: "The key's first characters, to recognise it" },
  project: nullable({ type: 'string', description: 'null: a global admin' }),
  role,
  expires_at: nullable(dateTime),
  created_at: dateTime,
} satisfies Record<string, SchemaObject>;

export const API_KEY = object({ ...API_KEY_PROPERTIES, revoked_at: nullable(dateTime), created_by: nullable(string), last_used_at: nullable(dateTime) });
export const API_KEYS = itemsOf(API_KEY);
export const CREATED_API_KEY = object({ ...API_KEY_PROPERTIES, key: { type: 'string', description: 'The secret: shown this once, stored only as a hash' } });

export const WHOAMI = object({
  key_id: string,
  name: string,
  global_admin: { type: 'boolean' },
  roles: { type: 'object', additionalProperties: role, description: 'The role in each project', example: { default: 'member' } },
});

export const AUDIT_EVENT = object({
  id: uuid,
  at: dateTime,
  key_id: string,
  key_name: string,
  action: { type: 'string', example: 'run.create' },
  resource: string,
  resource_id: nullable(string),
  project: nullable(string),
  details: nullable({ type: 'object', additionalProperties: true }),
});
export const AUDIT_PAGE = pageOf(AUDIT_EVENT);
