/**
 * A number from JSON text that no JavaScript value holds exactly (`1e400`, or more significant
 * digits than a double keeps). {@link parseJson} leaves it in place of the number instead of
 * failing the whole text, so that delta validation refuses just the record that holds it.
 */
export class UnrepresentableNumber {
  constructor(
    /** The number exactly as the JSON text spelled it. */
    readonly text: string,
    /** Why it cannot be held, for example `is out of range`. */
    readonly reason: string,
  ) {}
}
