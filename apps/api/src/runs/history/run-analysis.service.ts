import { pipeline, Readable, Transform } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { Caller } from '@mnist-lab/contracts';
import { authorized, callerScope, compareRuns, RunAnalysis, RunsRepository, type RunExport } from '@mnist-lab/infra';
import { stringify } from 'csv-stringify';
import type { AggregateRunsQuery, ExportRunsQuery } from './run-analysis.query';

/** An export ready to stream: its media type, file name and the encoded rows. */
export interface EncodedExport {
  readonly type: string;
  readonly fileName: string;
  readonly body: Readable;
}

/** GET /runs/fields, /runs/compare, /runs/aggregate and /runs/export: libs/infra's RunAnalysis for the caller's projects. */
@Injectable()
export class RunAnalysisService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly analysis: RunAnalysis,
  ) {}

  fields(caller: Caller, project?: string) {
    return this.analysis.fields(callerScope(caller, project));
  }

  /** Every run must be readable by the caller (a 404 names the first that is not, as GET /runs/:id would). */
  async compare(caller: Caller, ids: readonly string[]) {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const runs = await Promise.all(unique.map(async (id) => authorized(caller, await this.runs.findById(id), 'run', id, 'read')));
    return compareRuns(runs, await this.analysis.metricsOf(unique));
  }

  aggregate(caller: Caller, query: AggregateRunsQuery) {
    return this.analysis.aggregate({ filter: query.filter, scope: callerScope(caller, query.project), groupBy: query.group_by, metric: query.metric });
  }

  /** The filter and order are checked here (a 400 before any byte); the rows then stream batch by batch, as fast as the client reads. */
  async export(caller: Caller, query: ExportRunsQuery): Promise<EncodedExport> {
    const exported = await this.analysis.export({ filter: query.filter, orderBy: query.order_by, scope: callerScope(caller, query.project) });
    const rows = Readable.from(exported.rows);
    const fileName = `runs.${query.format}`;
    const encoders = query.format === 'ndjson' ? [ndjsonLines(exported)] : [csvRows(exported.columns)];
    return { type: query.format === 'ndjson' ? 'application/x-ndjson' : 'text/csv; charset=utf-8', fileName, body: encoded(rows, encoders) };
  }
}

/**
 * The rows through their encoders, as one stream: pipeline, not pipe, so that a failure while
 * reading (the database gone) destroys the last stream too, and the response's own pipeline cuts
 * the response short and logs it.
 */
function encoded(rows: Readable, encoders: Transform[]): Transform {
  const last = encoders[encoders.length - 1];
  pipeline([rows, ...encoders], () => undefined);
  return last;
}

/** Each row as the JSON object of its columns, written from the array: a metric the run does not have is left out, as JSON.stringify leaves out undefined. */
function ndjsonLines({ columns }: RunExport): Transform {
  const keys = columns.map((column) => `${JSON.stringify(column)}:`);
  return new Transform({
    writableObjectMode: true,
    transform: (row: unknown[], _encoding, done) => {
      const members: string[] = [];
      row.forEach((value, index) => {
        if (value !== undefined) members.push(keys[index] + JSON.stringify(value));
      });
      done(null, `{${members.join(',')}}\n`);
    },
  });
}

/** Rows are arrays in the columns' order: csv-stringify would read a column name with dots (`params.model__C`) as a nested path. */
function csvRows(columns: readonly string[]): Transform {
  return stringify({ header: true, columns: [...columns], cast: { boolean: (value) => String(value), object: (value) => JSON.stringify(value) } });
}
