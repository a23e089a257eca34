import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { EVALUATION_SETS, NORMALIZE_MODES, type EvaluationSet, type NormalizeMode } from '@mnist-lab/viz';
import { OptionalChoiceQuery, OptionalIntQuery } from '../../common/query-params';

/** Class labels are int32 (libs/ml's Labels). */
const LABEL_RANGE = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 } as const;

export class EvaluationQuery {
  @OptionalChoiceQuery(EVALUATION_SETS, { default: 'test', description: 'The subset the run was evaluated on' })
  set: EvaluationSet = 'test';
}

export class ConfusionMatrixQuery extends EvaluationQuery {
  @OptionalChoiceQuery(NORMALIZE_MODES, {
    default: 'none',
    description: "confusion_matrix's normalize: over true labels (rows), predictions (columns), all samples, or none (counts)",
  })
  normalize: NormalizeMode = 'none';

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Only the misclassified samples, normalised by true label (normalize must then be none or true)',
  })
  @IsOptional()
  // Query values are strings, and Boolean("false") is true: only the words true and false are booleans.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  errors_only = false;
}

export class MisclassifiedQuery {
  @OptionalIntQuery({ minimum: 1, maximum: 100, default: 36, description: 'How many misclassified test digits to show' })
  limit = 36;

  @OptionalIntQuery({ minimum: 1, maximum: 20, default: 6, description: 'Digits per row' })
  columns = 6;

  // One cell of the confusion matrix (the notebook's error analysis of its most confused pairs).
  @OptionalIntQuery({ ...LABEL_RANGE, description: 'Only digits of this true label (a row of the confusion matrix)' })
  true?: number;

  @OptionalIntQuery({ ...LABEL_RANGE, description: 'Only digits predicted as this label (a column of the confusion matrix)' })
  pred?: number;
}
