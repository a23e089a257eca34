import { PRIORITY_LIMIT, type Queue } from 'bullmq';

/*
 * Fair scheduling across projects (issue #15): start-time fair queueing on BullMQ priorities.
 * A queue's clock is the priority of the job taken last (its lowest waiting priority, less one).
 * A project's next job gets the priority after its own last one, or the clock when that is later:
 * a project with nothing queued ties with the job just taken, so its first job is the next one
 * taken, and projects with backlogs then take turns, one job each (BullMQ takes equal priorities
 * in the order they were added). So a run or a small sweep of project B starts after about one
 * job of project A's 1000, not after all of them. (This is SFQ's start tag, max(virtual time,
 * the flow's previous tag + 1), with unit job costs.) When the job taken last tied with others
 * still waiting, the clock reads one less than its priority, so a newcomer passes those: by one
 * turn at most, after which it takes turns like the others.
 */

/** The last priority given to each project's jobs, per queue, under the queue's own Redis keys. */
const TAILS_KEY = 'project-tails';
const RESERVE_COMMAND = 'mnistLabReservePriorities';

/**
 * KEYS: the tails hash, the queue's prioritized set; ARGV: project, clock, the prefix of the
 * queue's job keys, then the job ids (as BullMQ's own scripts do, job keys are built from a
 * prefix: a script's key count is fixed when it is defined).
 * Returns the first reserved priority, then the (1-based) positions of the jobs the queue does
 * not hold in any state: re-adding an existing job is a no-op in BullMQ, and must not take a
 * place in its project's turns either (recovery re-adds every unfinished job, from several workers
 * at once). Atomic, so api instances and workers enqueueing at once get disjoint ranges. A queue
 * with nothing waiting starts its numbers again from 1, so they stay below BullMQ's limit.
 */
const RESERVE = `
local absent = {}
for i = 4, #ARGV do
  if redis.call('EXISTS', ARGV[3] .. ARGV[i]) == 0 then absent[#absent + 1] = i - 3 end
end
if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('DEL', KEYS[1]) end
local tail = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local first = math.max(tail + 1, tonumber(ARGV[2]))
if #absent > 0 then redis.call('HSET', KEYS[1], ARGV[1], first + #absent - 1) end
table.insert(absent, 1, first)
return absent
`;

/**
 * The BullMQ priority of the `index`-th job of a batch whose range starts at `first`. Past
 * BullMQ's largest priority (2^21 - 1 jobs queued without the queue ever draining) jobs share the
 * last one, in submission order.
 */
export function fairPriority(first: number, index: number): number {
  return Math.min(first + index, PRIORITY_LIMIT);
}

/** The queue's clock: the priority of the job taken last (1 when nothing waits, or nothing was taken). */
async function clock(queue: Queue): Promise<number> {
  const [head] = await queue.getPrioritized(0, 0);
  return head ? Math.max(head.priority - 1, 1) : 1;
}

const withCommand = new WeakSet<object>();

/**
 * The priority of each of `jobIds` (in their order) that the queue does not hold yet:
 * consecutive ones from the project's next turn.
 */
export async function reservePriorities(queue: Queue, project: string, jobIds: readonly string[]): Promise<Map<string, number>> {
  const [redis, now] = await Promise.all([queue.client, clock(queue)]);
  if (!withCommand.has(redis)) {
    redis.defineCommand(RESERVE_COMMAND, { numberOfKeys: 2, lua: RESERVE });
    withCommand.add(redis);
  }
  const args = [queue.toKey(TAILS_KEY), queue.keys.prioritized, project, now, queue.toKey(''), ...jobIds];
  const [first, ...absent] = (await redis.runCommand(RESERVE_COMMAND, args)) as number[];
  return new Map(absent.map((position, index) => [jobIds[position - 1], fairPriority(first, index)]));
}
