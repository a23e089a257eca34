import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateRunDto } from '../../runs/dto/create-run.dto';

/** OpenAPI description of `POST /sweeps`; the body itself is checked by `validateSweepRequest`. */
export class CreateSweepDto extends CreateRunDto {
  @ApiProperty({
    description:
      'scikit-learn search space: lists (uniform choice) or {"dist": "randint"|"uniform"|"loguniform", "low", "high"}, keyed by nested names; or a list of such objects',
    example: {
      model__n_estimators: [25, 50, 100, 200, 300],
      model__criterion: ['gini', 'entropy', 'log_loss'],
      model__max_depth: [null, 1, 2, 3, 5, 10],
    },
  })
  param_distributions!: Record<string, unknown> | Record<string, unknown>[];

  @ApiPropertyOptional({ default: 10 })
  n_iter?: number;

  @ApiPropertyOptional({ default: 5, description: 'Number of StratifiedKFold folds on the training part' })
  cv?: number;

  @ApiPropertyOptional({ default: 'accuracy', enum: ['accuracy'] })
  scoring?: string;

  @ApiPropertyOptional({ nullable: true, description: 'Seed of the candidate sampling' })
  random_state?: number | null;

  @ApiPropertyOptional({ default: true, description: 'Train the best candidate on the whole training part and evaluate it' })
  refit?: boolean;
}
