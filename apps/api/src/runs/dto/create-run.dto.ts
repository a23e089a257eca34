import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { estimatorTypes } from '@mnist-lab/ml/spec';
import { SubmissionMetadataDto } from '../../common/metadata.dto';

/** OpenAPI description of `POST /runs`; the body itself is checked by `validateRunRequest`. */
class SplitDto {
  @ApiPropertyOptional({ description: 'Fraction (0, 1) or absolute count of test samples', type: 'number', default: 0.25, example: 0.2 })
  test_size?: number;

  @ApiPropertyOptional({ description: "Seed of the split (scikit-learn's random_state); null draws a fresh one", type: 'integer', nullable: true, example: 42 })
  random_state?: number | null;

  @ApiPropertyOptional({ description: 'Keep class proportions in train and test', default: false })
  stratify?: boolean;
}

/** An estimator's `params`, free-form, with the example of a pipeline that scales the pixels and then fits `model`. */
export function EstimatorParamsProperty(description: string, model: { type: string; params: Record<string, unknown> }): PropertyDecorator {
  return ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description,
    example: {
      steps: [
        ['scale', { type: 'standard_scaler' }],
        ['model', model],
      ],
    },
  });
}

export class EstimatorSpecDto {
  @ApiProperty({ enum: estimatorTypes(), example: 'pipeline', description: 'A registered estimator type (GET /estimators lists each with its parameters)' })
  type!: string;

  @EstimatorParamsProperty("scikit-learn's parameter names and meanings; a pipeline has `steps`: [[name, spec], ...]", { type: 'logistic_regression', params: { C: 1.0 } })
  params?: Record<string, unknown>;
}

export class CreateRunDto extends SubmissionMetadataDto {
  @ApiProperty({ example: 'mnist_784' })
  dataset!: string;

  @ApiPropertyOptional({ description: 'Use only the first n samples (quick experiments); null uses them all', type: 'integer', minimum: 1, nullable: true, example: 10000 })
  n_samples?: number | null;

  @ApiPropertyOptional({ type: SplitDto })
  split?: SplitDto;

  @ApiProperty({ type: EstimatorSpecDto })
  estimator!: EstimatorSpecDto;
}
