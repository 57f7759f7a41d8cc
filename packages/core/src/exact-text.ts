import { InvalidDeltaError } from './errors';

/** `String.prototype.isWellFormed` (Node 20+); the ES2022 library types do not declare it yet. */
type WellFormedCheck = string & { isWellFormed(): boolean };

/**
 * Refuses text that SQLite or the driver cannot store and read back identical: a NUL character
 * (it ends C strings) and lone UTF-16 surrogates (UTF-8 cannot encode them, so they come back as
 * U+FFFD and two ids could become one). Every name and id a store writes as a column passes here.
 */
export function checkExactText(value: string, field: string): void {
  if (value.includes('\u0000')) throw new InvalidDeltaError(field, 'contains a NUL character');
  if (!(value as WellFormedCheck).isWellFormed()) {
    throw new InvalidDeltaError(
      field,
      'contains a lone UTF-16 surrogate, which cannot be stored exactly',
    );
  }
}
