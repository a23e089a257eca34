import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, type Caller } from '@mnist-lab/contracts';
import { authorized, RunsRepository, type RunWithResults } from '@mnist-lab/infra';
import {
  describeConfusionMatrix,
  misclassifiedDigits,
  renderConfusionMatrix,
  renderDigitGrid,
  runLabel,
  runPictureTitle,
  selectConfusionMatrix,
  selectMisclassified,
  type ConfusionCell,
  type ConfusionMatrixSelection,
  type EvaluationSet,
  type StoredEvaluationViews,
} from '@mnist-lab/viz';
import { DatasetsService } from '../datasets/datasets.service';

/** The evaluation of a succeeded run on one subset, as stored. */
interface SubsetResult {
  readonly run: RunWithResults;
  readonly accuracy: number;
  readonly nSamples: number;
  readonly views: StoredEvaluationViews;
}

/** A succeeded run's evaluation views: as JSON, and drawn. */
@Injectable()
export class RunViewsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly datasets: DatasetsService,
  ) {}

  async evaluation(caller: Caller, id: string, set: EvaluationSet) {
    const { run, accuracy, nSamples, views } = await this.subsetResult(caller, id, set);
    return { run_id: run.id, model_type: run.modelType, set, accuracy, n_samples: nSamples, ...views };
  }

  async confusionMatrix(caller: Caller, id: string, set: EvaluationSet, selection: ConfusionMatrixSelection, format: 'png' | 'svg'): Promise<Buffer> {
    const { run, views } = await this.subsetResult(caller, id, set);
    const selected = selectConfusionMatrix(views, selection);
    return renderConfusionMatrix({
      labels: selected.labels,
      matrix: selected.matrix,
      percent: selected.percent,
      title: runPictureTitle(run, describeConfusionMatrix(set, selected, selection.errorsOnly)),
      format,
    });
  }

  /**
   * The first `limit` misclassified test digits, of one cell of the confusion matrix if asked;
   * only the test subset keeps its misclassified samples.
   */
  async misclassified(caller: Caller, id: string, query: { limit: number; columns: number; cell: ConfusionCell }): Promise<Buffer> {
    const { run, views } = await this.subsetResult(caller, id, 'test');
    const { total, samples, description } = selectMisclassified(views, query.cell);
    // The run's own dataset, in the run's project (or a public one), which the run was admitted with.
    const digits = misclassifiedDigits(samples, query.limit, await this.datasets.pixelReader(run.dataset, { projects: [run.project] }));
    // Three short lines rather than one long one, so that a narrow grid's title stays readable.
    const title = [runLabel(run), `misclassified test digits${description} (${digits.length} of ${total})`, 'true → predicted'];
    return renderDigitGrid(digits, query.columns, { title });
  }

  private async subsetResult(caller: Caller, id: string, set: EvaluationSet): Promise<SubsetResult> {
    const run = authorized(caller, await this.runs.findById(id), 'run', id, 'read');
    if (run.status !== 'succeeded') throw new ConflictError(`run ${id} is ${run.status}; its evaluation exists once it has succeeded`);
    const result = run.results.find((candidate) => candidate.subset === set);
    if (!result) throw new NotFoundError('evaluation', `${id}/${set}`, `run ${id} has no ${set} evaluation`);
    return { run, accuracy: result.accuracy, nSamples: result.nSamples, views: result.metrics };
  }
}
