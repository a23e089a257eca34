import { AsyncResource } from 'node:async_hooks';
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExperimentProgress } from '@mnist-lab/ml';
import { isFitEvent, type FitEvent, type FitMessage, type FitOutcomes, type FitTask } from './fit-protocol';

/** The fit process ended before replying: out of memory, or killed. */
export class FitProcessDiedError extends Error {
  override readonly name = 'FitProcessDiedError';
}

/** The task was cancelled: its fit process was killed, and a fresh one is starting. */
export class FitCancelledError extends Error {
  override readonly name = 'FitCancelledError';
}

export interface FitRunOptions {
  /** Aborting kills the process mid-fit (a fit may hold its event loop for minutes: nothing gentler reaches it). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExperimentProgress) => void;
}

/** How often the resident memory of a fitting process is read. */
const WATCH_MS = 200;
/**
 * The share of a fit's memory its V8 heap may take. The rest is for the process's code, stacks and
 * buffers, so that a heap that fills up fails as a full heap rather than as too much resident memory.
 */
const HEAP_SHARE = 0.75;
/** V8's last words when a heap reaches its limit. */
const HEAP_EXHAUSTED = /heap out of memory|Allocation failed|Reached heap limit/;

/**
 * One fit process, forked from this worker: a fit that runs out of memory ends it and fails its
 * own job, and the next task gets a fresh process. Its memory is bounded twice: the V8 heap by
 * `--max-old-space-size`, and everything it allocates (typed arrays live outside the heap, and so
 * do the native kernels' and TensorFlow's buffers) by a watchdog that kills the process when its
 * resident memory grows past `maxMemoryMb`, before the operating system's OOM killer picks a victim
 * of its own.
 */
export class FitProcess {
  private child: ChildProcess | null = null;
  private stderrTail = '';
  /** During a task, `onEvent` bound to the task's async context, so that what it logs carries the job's fields. */
  private deliverEvent: ((event: FitEvent) => void) | null = null;

  constructor(
    private readonly maxMemoryMb: number,
    private readonly entry = path.join(__dirname, 'fit.process.js'),
    private readonly onEvent: (event: FitEvent) => void = () => undefined,
  ) {}

  /** Forks the process ahead of its first task, so that the task does not wait for it. */
  start(): ChildProcess {
    if (this.child) return this.child;
    const child = fork(this.entry, [], {
      execArgv: [`--max-old-space-size=${this.heapLimitMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4096);
    });
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    child.on('message', (message: FitMessage) => {
      if (isFitEvent(message)) (this.deliverEvent ?? this.onEvent)(message);
    });
    this.child = child;
    return child;
  }

  run<K extends FitTask['kind']>(task: Extract<FitTask, { kind: K }>, { signal, onProgress }: FitRunOptions = {}): Promise<FitOutcomes[K]> {
    if (signal?.aborted) return Promise.reject(new FitCancelledError('cancelled before its fit started'));
    const child = this.start();
    this.stderrTail = '';
    return new Promise((resolve, reject) => {
      this.deliverEvent = AsyncResource.bind(this.onEvent);
      const onAbort = () => child.kill('SIGKILL');
      signal?.addEventListener('abort', onAbort, { once: true });
      let residentMbWhenKilled: number | null = null;
      const watchdog = setInterval(() => {
        void residentMb(child.pid).then((mb) => {
          if (mb === null || mb <= this.maxMemoryMb || residentMbWhenKilled !== null) return;
          residentMbWhenKilled = mb;
          child.kill('SIGKILL');
        });
      }, WATCH_MS);
      const settle = () => {
        this.deliverEvent = null;
        clearInterval(watchdog);
        signal?.removeEventListener('abort', onAbort);
        child.off('message', onMessage).off('exit', onExit).off('error', onError);
      };
      const onMessage = (reply: FitMessage) => {
        if (isFitEvent(reply)) return; // delivered by the process's own listener (start)
        if ('progress' in reply) {
          onProgress?.(reply.progress);
          return;
        }
        settle();
        if (reply.ok) resolve(reply.outcome as FitOutcomes[K]);
        else reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      };
      const onExit = (code: number | null, exitSignal: NodeJS.Signals | null) => {
        settle();
        if (signal?.aborted) {
          this.start();
          reject(new FitCancelledError('cancelled: its fit process was stopped'));
        } else {
          reject(new FitProcessDiedError(this.deathMessage(code, exitSignal, residentMbWhenKilled)));
        }
      };
      const onError = (error: Error) => {
        settle();
        child.kill('SIGKILL');
        reject(error);
      };
      child.on('message', onMessage).once('exit', onExit).once('error', onError);
      child.send(task);
    });
  }

  /** Ends an idle process: it exits when its IPC channel closes. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.disconnect();
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
  }

  private get heapLimitMb(): number {
    return Math.floor(this.maxMemoryMb * HEAP_SHARE);
  }

  private deathMessage(code: number | null, signal: NodeJS.Signals | null, residentMbWhenKilled: number | null): string {
    const limit = `${this.maxMemoryMb} MB (WORKER_FIT_MAX_MEMORY_MB)`;
    if (residentMbWhenKilled !== null) return `the fit used ${residentMbWhenKilled} MB of memory, more than the ${limit} a fit may use, and was stopped`;
    if (HEAP_EXHAUSTED.test(this.stderrTail)) {
      return `the fit ran out of memory: its JavaScript heap reached its limit of ${this.heapLimitMb} MB (${HEAP_SHARE * 100}% of ${limit})`;
    }
    return `the fit process ended (${signal ?? `exit code ${code}`}) before the fit finished`;
  }
}

/**
 * The process's anonymous resident memory in MB (what it allocated; not the shared libraries it
 * maps, TensorFlow's alone being hundreds of MB), from Linux's /proc; null where that cannot be read.
 */
async function residentMb(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^RssAnon:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? null : Math.round(Number(kb) / 1024);
  } catch {
    return null;
  }
}
