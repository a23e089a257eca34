import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

/** An optional query parameter that is one of `values`. */
export function OptionalChoiceQuery(values: readonly string[], options: { readonly default?: string; readonly description?: string } = {}) {
  return applyDecorators(ApiPropertyOptional({ enum: values, ...options }), IsOptional(), IsIn(values));
}

/** An optional integer query parameter in [minimum, maximum]: query values are strings, so it is converted first. */
export function OptionalIntQuery(options: { readonly minimum: number; readonly maximum: number; readonly default?: number; readonly description?: string }) {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', ...options }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(options.minimum),
    Max(options.maximum),
  );
}

/** An optional number query parameter in [0, 1], such as an accuracy bound. */
export function OptionalFractionQuery(options: { readonly description: string; readonly example?: number }) {
  return applyDecorators(
    ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 1, ...options }),
    IsOptional(),
    Type(() => Number),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(0),
    Max(1),
  );
}
