import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EstimatorDto } from './estimator.dto';
import { EstimatorsService } from './estimators.service';

@ApiTags('estimators')
@Controller('estimators')
export class EstimatorsController {
  constructor(private readonly estimators: EstimatorsService) {}

  @Get()
  @ApiOperation({ summary: "Every estimator a spec may name, with each parameter's default, allowed values and meaning" })
  @ApiOkResponse({ type: [EstimatorDto] })
  list(): readonly EstimatorDto[] {
    return this.estimators.list();
  }
}
