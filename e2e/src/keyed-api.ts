/** An api request with `Authorization: Bearer <key>`, as every route but health and metrics needs (issue #15). */
export async function keyedApi<T = Record<string, unknown>>(
  baseUrl: string,
  key: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** A key of its own in `project` with `role`, created with an admin key. */
export async function createKey(baseUrl: string, adminKey: string, project: string, role: 'viewer' | 'member' | 'admin'): Promise<string> {
  const created = await keyedApi<{ key: string }>(baseUrl, adminKey, 'POST', '/api-keys', { name: `${role} of ${project}`, project, role });
  if (created.status !== 201) throw new Error(`POST /api-keys answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body.key;
}
