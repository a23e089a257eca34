import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ESTIMATOR_DEFINITIONS } from '@mnist-lab/ml/spec';
import { EstimatorDto } from './estimator.dto';
import { presentEstimator } from './estimators.presenter';

/** libs/ml's parameter tables, published so that clients (the dashboard's forms) need no copy of them. */
@ApiTags('estimators')
@Controller('estimators')
export class EstimatorsController {
  /** The tables are constants of libs/ml: presented once. */
  private readonly estimators: readonly EstimatorDto[] = ESTIMATOR_DEFINITIONS.map(presentEstimator);

  @Get()
  @ApiOperation({ summary: "Every estimator a spec may name, with each parameter's default, allowed values and meaning" })
  @ApiOkResponse({ type: [EstimatorDto] })
  list(): readonly EstimatorDto[] {
    return this.estimators;
  }
}
