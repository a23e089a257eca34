import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@mnist-lab/infra';
import type { DatasetCatalog, FitLimits } from '@mnist-lab/ml/spec';
import { fitLimits } from '../common/fit-limits';
import { DatasetsService } from './datasets.service';

/** A request's validation against the dataset catalog (a 400 naming the field), as `validateRunRequest` does it. */
export type CatalogValidator<T> = (body: unknown, datasets: DatasetCatalog) => T;
/** A validated request's estimated cost against the fit limits (a 400 naming the field), as `admitRun` does it. */
export type FitAdmission<T> = (request: T, limits: FitLimits, datasets: DatasetCatalog) => void;

/**
 * What every submitted fit request goes through before it is stored: any registered dataset may be
 * named, and that check needs the database, so it is a service rather than a plain pipe.
 */
@Injectable()
export class RequestAdmission {
  private readonly limits: FitLimits;

  constructor(
    private readonly datasets: DatasetsService,
    config: ConfigService<Env, true>,
  ) {
    this.limits = fitLimits(config);
  }

  async admit<T>(body: unknown, validate: CatalogValidator<T>, admit: FitAdmission<T>): Promise<T> {
    const datasets = await this.datasets.catalog();
    const request = validate(body, datasets);
    admit(request, this.limits, datasets);
    return request;
  }
}
