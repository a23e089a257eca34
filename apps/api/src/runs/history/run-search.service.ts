import { Injectable } from '@nestjs/common';
import { RunHistory, type HistoryRequest } from '@mnist-lab/infra';
import { presentRunSummary } from '../run.presenter';

/** `GET /runs` through the history language: a page of run summaries, its cursor and, when asked, the count. */
@Injectable()
export class RunSearchService {
  constructor(private readonly history: RunHistory) {}

  async search(request: HistoryRequest) {
    const page = await this.history.search(request);
    return {
      items: page.items.map((run) => ({ ...presentRunSummary(run), name: run.name, tags: run.tags })),
      next_cursor: page.nextCursor,
      ...(page.count ? { count: page.count.value, count_estimated: page.count.estimated } : {}),
    };
  }
}
