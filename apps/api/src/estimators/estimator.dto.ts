import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Constraint, ParamValue } from '@mnist-lab/ml/spec';

const CONSTRAINT_KINDS: readonly Constraint['kind'][] = ['int', 'float', 'options', 'boolean', 'null', 'class_weight_map', 'estimator', 'steps', 'estimators', 'number_list'];

/** Any JSON value: a parameter's default (scikit-learn's None is null). */
const JSON_VALUE_SCHEMA = {
  nullable: true,
  oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }, { type: 'array', items: {} }, { type: 'object', additionalProperties: true }],
};

/** One accepted form of a parameter, as scikit-learn's `_param_validation` constraints. */
export class ParamConstraintDto {
  @ApiProperty({ enum: CONSTRAINT_KINDS, description: 'int / float: a number in [min, max]; options: one of values; null: None; estimator: a nested spec; steps: a pipeline\'s [[name, spec], ...]; estimators: an ensemble\'s [[name, classifier spec], ...]; number_list: a list of numbers' })
  kind!: Constraint['kind'];

  @ApiPropertyOptional({ description: 'int and float: the smallest allowed value; absent means no lower bound' })
  min?: number;

  @ApiPropertyOptional({ description: 'int and float: the largest allowed value; absent means no upper bound' })
  max?: number;

  @ApiPropertyOptional({ description: 'float: min itself is not allowed' })
  min_exclusive?: boolean;

  @ApiPropertyOptional({ description: 'float: max itself is not allowed' })
  max_exclusive?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'options: the allowed strings' })
  values?: string[];
}

export class EstimatorParamDto {
  @ApiProperty({ example: 'n_estimators' })
  name!: string;

  @ApiProperty({ ...JSON_VALUE_SCHEMA, description: 'The value used when the spec leaves the parameter out', example: 100 })
  default!: ParamValue;

  @ApiProperty({ type: [ParamConstraintDto], description: 'The value must satisfy one of them' })
  constraints!: ParamConstraintDto[];

  @ApiProperty({ description: 'The constraints in words, as the 400 errors say them', example: 'an int in the range [1, inf)' })
  allowed!: string;

  @ApiProperty({ example: 'Number of trees.' })
  description!: string;
}

export class EstimatorDto {
  @ApiProperty({ description: 'The spec\'s "type"', example: 'random_forest' })
  type!: string;

  @ApiProperty({ description: 'The scikit-learn class it mirrors', example: 'RandomForestClassifier' })
  name!: string;

  @ApiProperty({ enum: ['classifier', 'transformer', 'resampler'], description: 'Every pipeline step but the last is a transformer or a resampler (which changes the training rows in fit and is skipped when predicting)' })
  kind!: 'classifier' | 'transformer' | 'resampler';

  @ApiProperty({ type: [EstimatorParamDto] })
  params!: EstimatorParamDto[];
}
