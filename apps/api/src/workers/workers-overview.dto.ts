import { ApiProperty } from '@nestjs/swagger';
import type { CurrentJob, WorkerPresence } from '@mnist-lab/infra';

/** The BullMQ states GET /workers counts per queue, each with what its count means; trials wait as `prioritized` (their priority is the candidate's cost). */
const QUEUE_STATE_MEANINGS = {
  waiting: 'Waiting without a priority (runs, sweep finalisations)',
  prioritized: 'Waiting with a priority (trials)',
  active: undefined,
  delayed: 'Waiting for a retry after a backoff',
  completed: 'Kept in Redis after completion (BullMQ trims the oldest)',
  failed: undefined,
} as const;

type QueueState = keyof typeof QUEUE_STATE_MEANINGS;

export const QUEUE_STATES = Object.keys(QUEUE_STATE_MEANINGS) as QueueState[];

export class CurrentJobDto implements CurrentJob {
  @ApiProperty({ enum: ['runs', 'trials', 'sweeps'] })
  queue!: string;

  @ApiProperty({ example: 'trial:0b6f...:3:1' })
  job_id!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The run it trains (runs queue)' })
  run_id!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The sweep it belongs to (trials and sweeps queues)' })
  sweep_id!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: "A trial's candidate index" })
  candidate!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: "A trial's fold index" })
  fold!: number | null;

  @ApiProperty({ format: 'date-time' })
  started_at!: string;
}

export class WorkerProcessDto implements WorkerPresence {
  @ApiProperty({ example: 'build-host:4242', description: '<host>:<pid>; the worker_id of its logs and the claimed_by of the rows it works on' })
  id!: string;

  @ApiProperty()
  host!: string;

  @ApiProperty()
  pid!: number;

  @ApiProperty({ description: "The package's version", example: '0.1.0' })
  version!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The git commit it runs (GIT_COMMIT, or the checkout), null when unknown' })
  commit!: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['tensorflow', 'wasm', 'cpu'], description: "The TensorFlow.js backend its fits use; null when none could load" })
  tensor_backend!: string | null;

  @ApiProperty({ description: "Whether libs/ml's compiled kernels (libs/ml/native) are loaded" })
  native_kernels!: boolean;

  @ApiProperty({ description: 'Jobs it takes at a time (WORKER_CONCURRENCY)' })
  concurrency!: number;

  @ApiProperty({ type: [CurrentJobDto], description: 'The jobs it is working on now' })
  jobs!: CurrentJobDto[];

  @ApiProperty({ format: 'date-time' })
  started_at!: string;

  @ApiProperty({ format: 'date-time', description: 'Its last heartbeat; a worker silent for 15 s is no longer listed' })
  last_seen_at!: string;

  @ApiProperty({ description: 'CPU time of the worker and its fit processes over its last heartbeat, in % of one core (200: two cores busy)' })
  cpu_percent!: number;

  @ApiProperty({ description: 'Resident memory of the worker and its fit processes, in bytes' })
  rss_bytes!: number;
}

/** A queue's job count in each state; its OpenAPI properties come from QUEUE_STATE_MEANINGS, one per state. */
export class QueueDepthsDto implements Record<QueueState, number> {
  declare waiting: number;
  declare prioritized: number;
  declare active: number;
  declare delayed: number;
  declare completed: number;
  declare failed: number;
}
for (const state of QUEUE_STATES) {
  const description = QUEUE_STATE_MEANINGS[state];
  ApiProperty({ type: Number, ...(description && { description }) })(QueueDepthsDto.prototype, state);
}

export class QueuesDto {
  @ApiProperty({ type: QueueDepthsDto })
  runs!: QueueDepthsDto;

  @ApiProperty({ type: QueueDepthsDto })
  trials!: QueueDepthsDto;

  @ApiProperty({ type: QueueDepthsDto })
  sweeps!: QueueDepthsDto;
}

export class JobsPerMinuteDto {
  @ApiProperty()
  runs!: number;

  @ApiProperty()
  trials!: number;

  @ApiProperty()
  sweeps!: number;
}

export class WorkersOverviewDto {
  @ApiProperty({ type: [WorkerProcessDto], description: 'Every live worker process, oldest first' })
  workers!: WorkerProcessDto[];

  @ApiProperty({ type: QueuesDto, description: 'Jobs per queue and state' })
  queues!: QueuesDto;

  @ApiProperty({ type: JobsPerMinuteDto, description: 'Jobs completed per minute, averaged over the window' })
  jobs_per_minute!: JobsPerMinuteDto;

  @ApiProperty({ example: 5 })
  throughput_window_minutes!: number;
}
