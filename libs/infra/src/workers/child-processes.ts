import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessUsage {
  /** CPU time since the process started, user and system, in microseconds. */
  readonly cpuMicros: number;
  readonly rssBytes: number;
}

/** `getconf`'s value, or Linux's usual one where getconf is missing. */
function sysconf(name: string, usual: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isFinite(value) && value > 0 ? value : usual;
  } catch {
    return usual;
  }
}

let units: { ticksPerSecond: number; pageBytes: number } | undefined;

/**
 * The CPU time and resident memory of each direct child of process `parent` (a worker's fit
 * processes, where its fits actually run), by pid, read from Linux's /proc; empty elsewhere.
 */
export function childProcessUsage(parent: number = process.pid): Map<number, ProcessUsage> {
  const children = new Map<number, ProcessUsage>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return children;
  }
  units ??= { ticksPerSecond: sysconf('CLK_TCK', 100), pageBytes: sysconf('PAGESIZE', 4096) };
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // proc(5): "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) !== parent) continue;
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    children.set(Number(pid), { cpuMicros: (ticks / units.ticksPerSecond) * 1e6, rssBytes: Number(fields[21]) * units.pageBytes });
  }
  return children;
}
