import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { QUEUES } from '@mnist-lab/contracts';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Env } from '../config/env';
import { childProcessUsage } from './child-processes';

/** A worker rewrites its record this often; a record not rewritten for PRESENCE_TTL_MS is gone. */
export const PRESENCE_HEARTBEAT_MS = 5_000;
export const PRESENCE_TTL_MS = 3 * PRESENCE_HEARTBEAT_MS;

const currentJobSchema = z.object({
  queue: z.string(),
  job_id: z.string(),
  run_id: z.string().nullable(),
  sweep_id: z.string().nullable(),
  candidate: z.number().int().nullable(),
  fold: z.number().int().nullable(),
  started_at: z.string(),
});

/** What one live worker process says about itself, in Redis under `<QUEUE_PREFIX>:workers:<id>`. */
export const workerPresenceSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  version: z.string(),
  commit: z.string().nullable(),
  tensor_backend: z.string().nullable(),
  native_kernels: z.boolean(),
  concurrency: z.number().int(),
  jobs: z.array(currentJobSchema),
  started_at: z.string(),
  last_seen_at: z.string(),
  /**
   * CPU time of the worker and its fit processes (all threads) over the last heartbeat, as a
   * share of one core: 200 is two cores busy.
   */
  cpu_percent: z.number(),
  /** Resident memory of the worker and its fit processes. */
  rss_bytes: z.number(),
});

export type WorkerPresence = z.infer<typeof workerPresenceSchema>;
export type CurrentJob = z.infer<typeof currentJobSchema>;

/** Facts a worker knows about itself at start, measured by its bootstrap. */
export interface WorkerFacts {
  readonly tensorBackend: string | null;
  readonly nativeKernels: boolean;
}

/** A job as GET /workers shows it: its queue and id, and the run, sweep or trial it works on, read from its payload. */
export function describeJob(queue: string, job: Pick<Job, 'id' | 'data'>): CurrentJob {
  const data = (job.data ?? {}) as Record<string, unknown>;
  return {
    queue,
    job_id: String(job.id),
    run_id: typeof data['runId'] === 'string' ? data['runId'] : null,
    sweep_id: typeof data['sweepId'] === 'string' ? data['sweepId'] : null,
    candidate: typeof data['candidate'] === 'number' ? data['candidate'] : null,
    fold: typeof data['fold'] === 'number' ? data['fold'] : null,
    started_at: new Date().toISOString(),
  };
}

const presenceKey = (prefix: string, id: string) => `${prefix}:workers:${id}`;

const ROOT = resolve(__dirname, '../../../..');

/** The package version and, in a git checkout, the commit the worker runs (null elsewhere). */
function buildVersion(): { version: string; commit: string | null } {
  const { version } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  let commit = process.env['GIT_COMMIT'] || null;
  if (!commit) {
    try {
      commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
    } catch {
      commit = null;
    }
  }
  return { version, commit };
}

/**
 * A worker's record of itself for `GET /workers`: identity, build, backends, the jobs in progress,
 * CPU and memory, refreshed every few seconds with an expiry, so a killed worker disappears by
 * itself. Redis is the queue's own connection: no extra client per process.
 */
@Injectable()
export class WorkerPresenceService implements OnApplicationShutdown {
  private readonly logger = new Logger(WorkerPresenceService.name);
  private readonly id = `${hostname()}:${process.pid}`;
  private readonly startedAt = new Date().toISOString();
  private readonly jobs = new Map<string, CurrentJob>();
  private facts: WorkerFacts = { tensorBackend: null, nativeKernels: false };
  private timer: NodeJS.Timeout | undefined;
  private lastCpu = process.cpuUsage();
  /** Each fit process's CPU time at the last heartbeat, by pid. */
  private lastChildCpu = new Map<number, number>();
  private lastBeat = process.hrtime.bigint();
  private readonly build = buildVersion();

  constructor(
    @InjectQueue(QUEUES.runs) private readonly queue: Queue,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /** Starts the heartbeat; called by the worker's bootstrap once it knows its backends. */
  async start(facts: WorkerFacts): Promise<void> {
    this.facts = facts;
    await this.beat();
    this.timer = setInterval(() => void this.beat(), PRESENCE_HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Records a job as in progress until the returned function is called. */
  track(queue: string, job: Job): () => void {
    const key = `${queue}:${job.id}`;
    this.jobs.set(key, describeJob(queue, job));
    void this.beat();
    return () => {
      this.jobs.delete(key);
      void this.beat();
    };
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    try {
      const redis = await redisOf(this.queue);
      await redis.del(presenceKey(this.prefix, this.id));
    } catch {
      // Redis is going away too; the record expires by itself.
    }
  }

  private get prefix(): string {
    return this.config.get('QUEUE_PREFIX', { infer: true });
  }

  private snapshot(): WorkerPresence {
    const now = process.hrtime.bigint();
    const cpu = process.cpuUsage(this.lastCpu);
    const elapsedMicros = Number(now - this.lastBeat) / 1000;
    this.lastCpu = process.cpuUsage();
    this.lastBeat = now;
    // The fits run in child processes: their CPU and memory are most of the worker's.
    const children = childProcessUsage();
    let childCpuMicros = 0;
    let childRssBytes = 0;
    for (const [pid, usage] of children) {
      // A process first seen now counts from the next heartbeat on.
      childCpuMicros += usage.cpuMicros - (this.lastChildCpu.get(pid) ?? usage.cpuMicros);
      childRssBytes += usage.rssBytes;
    }
    this.lastChildCpu = new Map([...children].map(([pid, usage]) => [pid, usage.cpuMicros]));
    return {
      id: this.id,
      host: hostname(),
      pid: process.pid,
      version: this.build.version,
      commit: this.build.commit,
      tensor_backend: this.facts.tensorBackend,
      native_kernels: this.facts.nativeKernels,
      concurrency: this.config.get('WORKER_CONCURRENCY', { infer: true }),
      jobs: [...this.jobs.values()],
      started_at: this.startedAt,
      last_seen_at: new Date().toISOString(),
      cpu_percent: elapsedMicros > 0 ? Math.round(((cpu.user + cpu.system + childCpuMicros) / elapsedMicros) * 1000) / 10 : 0,
      rss_bytes: process.memoryUsage.rss() + childRssBytes,
    };
  }

  private async beat(): Promise<void> {
    try {
      const redis = await redisOf(this.queue);
      await redis.set(presenceKey(this.prefix, this.id), JSON.stringify(this.snapshot()), 'PX', PRESENCE_TTL_MS);
    } catch (error) {
      this.logger.warn(`could not publish this worker's presence: ${(error as Error).message}`);
    }
  }
}

/** The api's side: every live worker's record, oldest process first. */
@Injectable()
export class WorkerDirectory {
  private readonly logger = new Logger(WorkerDirectory.name);

  constructor(
    @InjectQueue(QUEUES.runs) private readonly queue: Queue,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async list(): Promise<WorkerPresence[]> {
    const redis = await redisOf(this.queue);
    const pattern = presenceKey(this.config.get('QUEUE_PREFIX', { infer: true }), '*');
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 200);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
    if (keys.length === 0) return [];
    const values = await redis.mget(...keys);
    const workers: WorkerPresence[] = [];
    values.forEach((value, index) => {
      if (value === null) return; // expired between SCAN and MGET
      const parsed = workerPresenceSchema.safeParse(safeJson(value));
      if (parsed.success) workers.push(parsed.data);
      else this.logger.warn(`ignoring malformed worker record ${keys[index]}: ${parsed.error.issues[0]?.message ?? 'not JSON'}`);
    });
    return workers.sort((a, b) => a.started_at.localeCompare(b.started_at) || a.id.localeCompare(b.id));
  }
}

/** BullMQ's own ioredis connection (its declared type narrows it to the commands BullMQ uses). */
async function redisOf(queue: Queue): Promise<Redis> {
  return (await queue.client) as unknown as Redis;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
