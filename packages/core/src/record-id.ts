import { InvalidDeltaError } from './errors';

/**
 * The record id a source should use for an id value read from an API: text as it is, an integer
 * as its exact decimal digits. A JavaScript number beyond 2^53 is refused: its digits may already
 * be lost (`9007199254740993` reads as `…992`), and two records would become one. Parse response
 * bodies with `parseJson`, which keeps such ids as `bigint`.
 *
 * @example
 * recordIdFrom(parseJson('{"id": 9007199254740993}').id); // '9007199254740993'
 */
export function recordIdFrom(value: unknown, field = 'recordId'): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'bigint':
      return value.toString();
    case 'number':
      if (Number.isSafeInteger(value)) return String(value);
      if (Number.isInteger(value)) {
        throw new InvalidDeltaError(
          field,
          `is the number ${value}, beyond 2^53, whose digits may already be lost; parse the JSON losslessly (parseJson) so the id keeps its exact text`,
        );
      }
      throw new InvalidDeltaError(field, `is the number ${value}, not an integer or a string`);
    default:
      throw new InvalidDeltaError(field, `must be a string or an integer, got ${typeof value}`);
  }
}
