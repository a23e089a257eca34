import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { targetProject, validateMetadata, type Caller, type Metadata } from '@mnist-lab/contracts';
import { requestedProject, type Env } from '@mnist-lab/infra';
import type { DatasetCatalog, FitLimits } from '@mnist-lab/ml/spec';
import { fitLimits } from '../common/fit-limits';
import { DatasetsService } from './datasets.service';

/** A request's validation against the dataset catalog (a 400 naming the field), as `validateRunRequest` does it. */
export type CatalogValidator<T> = (body: unknown, datasets: DatasetCatalog) => T;
/** A validated request's estimated cost against the fit limits (a 400 naming the field), as `admitRun` does it. */
export type FitAdmission<T> = (request: T, limits: FitLimits, datasets: DatasetCatalog) => void;

/** An admitted request, the project it is submitted to and its metadata (name, tags, notes). */
export interface Admitted<T> {
  readonly request: T;
  readonly project: string;
  readonly metadata: Metadata;
}

/**
 * What every submitted fit request goes through before it is stored: its `project` (the caller's
 * only one, or `default`, when it names none) must be one the caller may write to; any dataset of
 * that project or a public one may be named, and that check needs the database, so it is a service
 * rather than a plain pipe. Its `name`, `tags` and `notes` are the resource's metadata, not
 * part of the spec, and are checked here too.
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

  async admit<T>(caller: Caller, body: unknown, validate: CatalogValidator<T>, admit: FitAdmission<T>): Promise<Admitted<T>> {
    const { project: named, name, tags, notes, ...spec } = isObject(body) ? body : { project: undefined };
    const project = targetProject(caller, requestedProject(named));
    const metadata = validateMetadata({ name, tags, notes });
    const datasets = await this.datasets.catalog({ projects: [project] });
    const request = validate(isObject(body) ? spec : body, datasets);
    admit(request, this.limits, datasets);
    return { request, project, metadata };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
