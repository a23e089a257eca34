import type { PipeTransform } from '@nestjs/common';

/** Runs a domain validator on a request body; its InvalidParameterError names the field. */
export class ParseWithPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly parse: (value: unknown) => T) {}

  transform(value: unknown): T {
    return this.parse(value);
  }
}
