import { describeAllowed, type Constraint, type EstimatorDefinition } from '@mnist-lab/ml/spec';
import type { EstimatorDto, ParamConstraintDto } from './estimator.dto';

/** An estimator's definition as GET /estimators shows it (snake_case, every parameter with its allowed values in words). */
export function presentEstimator(definition: EstimatorDefinition): EstimatorDto {
  return {
    type: definition.type,
    name: definition.displayName,
    kind: definition.kind,
    params: Object.entries(definition.schema).map(([name, param]) => ({
      name,
      default: param.default,
      constraints: param.constraints.map(constraintDto),
      allowed: describeAllowed(param),
      description: param.description,
    })),
  };
}

function constraintDto(constraint: Constraint): ParamConstraintDto {
  switch (constraint.kind) {
    case 'int':
      return { kind: constraint.kind, min: constraint.min, max: constraint.max };
    case 'float':
      return { kind: constraint.kind, min: constraint.min, max: constraint.max, min_exclusive: constraint.minExclusive ?? false, max_exclusive: constraint.maxExclusive ?? false };
    case 'options':
      return { kind: constraint.kind, values: [...constraint.values] };
    default:
      return { kind: constraint.kind };
  }
}
