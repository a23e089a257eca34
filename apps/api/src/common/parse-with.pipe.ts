import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { InvalidParameterError } from '@mnist-lab/ml';

/** Runs a domain validator on a request body; its InvalidParameterError names the field. */
export class ParseWithPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly parse: (value: unknown) => T) {}

  transform(value: unknown): T {
    try {
      return this.parse(value);
    } catch (error) {
      if (error instanceof InvalidParameterError) throw error;
      throw new BadRequestException(error instanceof Error ? error.message : String(error));
    }
  }
}
