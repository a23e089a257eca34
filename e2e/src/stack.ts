import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before } from 'node:test';
import { startServices, type TestServices } from './services';

const ROOT = path.resolve(__dirname, '../..');

/** The ADMIN_API_KEY of every api a suite starts (unless its env says otherwise): `api()` and `fetchAsAdmin` send it. */
export const TEST_ADMIN_KEY = `test-admin-${randomBytes(16).toString('hex')}`;

/** The header that authenticates a raw `http.request` as the stack's admin. */
export const ADMIN_AUTHORIZATION = { authorization: `Bearer ${TEST_ADMIN_KEY}` } as const;

/** `fetch` with `Authorization: Bearer TEST_ADMIN_KEY`, for requests `api()` cannot make (binary bodies, forms, streams). */
export function fetchAsAdmin(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, headers: { ...ADMIN_AUTHORIZATION, ...(init.headers as Record<string, string> | undefined) } });
}

export interface ProcessHandle {
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process ends. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
}

export function startProcess(script: 'api' | 'worker', env: Record<string, string>): ProcessHandle {
  const child = spawn(process.execPath, [path.join(ROOT, `apps/${script}/dist/main.js`)], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ADMIN_API_KEY: TEST_ADMIN_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return { child, output: () => output, exited };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function migrate(databaseUrl: string): void {
  const result = spawnSync('npx', ['prisma', 'migrate', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
}

/** An api and `workers` worker processes on the test services, as `npm run start:*` runs them. */
export class Stack {
  readonly workers: ProcessHandle[] = [];
  api!: ProcessHandle;
  baseUrl = '';

  constructor(
    readonly services: Pick<TestServices, 'redisUrl' | 'queuePrefix'> & { databaseUrl: string },
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  env(): Record<string, string> {
    return {
      DATABASE_URL: this.services.databaseUrl,
      REDIS_URL: this.services.redisUrl,
      QUEUE_PREFIX: this.services.queuePrefix,
      WORKER_CONCURRENCY: '1',
      // Many workers on one machine: none takes the default metrics port unless a suite gives it one.
      WORKER_METRICS_PORT: '0',
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      ...this.extraEnv,
    };
  }

  async start(workers: number): Promise<this> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.api = startProcess('api', { ...this.env(), PORT: String(port) });
    for (let i = 0; i < workers; i++) this.addWorker();
    await this.waitForHealth();
    return this;
  }

  addWorker(env: Record<string, string> = {}): ProcessHandle {
    const worker = startProcess('worker', { ...this.env(), ...env });
    this.workers.push(worker);
    return worker;
  }

  async waitForHealth(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${this.baseUrl}/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (this.api.child.exitCode !== null) throw new Error(`api exited:\n${this.api.output()}`);
      await sleep(200);
    }
    throw new Error(`api not healthy after ${timeoutMs} ms:\n${this.api.output()}`);
  }

  async stop(): Promise<void> {
    const all = [this.api, ...this.workers].filter((handle) => handle && handle.child.exitCode === null && handle.child.signalCode === null);
    for (const handle of all) handle.child.kill('SIGTERM');
    const deadline = setTimeout(() => all.forEach((handle) => handle.child.kill('SIGKILL')), 15_000);
    await Promise.all(all.map((handle) => handle.exited));
    clearTimeout(deadline);
  }
}

/** The JSON log lines a process printed (libtensorflow's own notices on stderr are not JSON). */
export function jsonLogLines(handle: ProcessHandle): Record<string, unknown>[] {
  return handle
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetchAsAdmin(`${baseUrl}${url}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Polls until `read` returns a value that `done` accepts. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 2000)}`);
}

/**
 * Registers the suite's before/after hooks: fresh services (own database and queue prefix),
 * migrations, an api and `workers` workers; everything is stopped and removed afterwards.
 * `extraEnv` may be computed when the suite starts (free ports).
 */
export function useStack(
  workers: number,
  extraEnv: Record<string, string> | (() => Promise<Record<string, string>>) = {},
): { readonly stack: Stack; readonly services: TestServices } {
  const context = {} as { stack: Stack; services: TestServices };
  before(async () => {
    context.services = await startServices();
    migrate(context.services.databaseUrl);
    context.stack = await new Stack(context.services, typeof extraEnv === 'function' ? await extraEnv() : extraEnv).start(workers);
  });
  after(async () => {
    await context.stack?.stop();
    await context.services?.cleanup();
  });
  return context;
}
