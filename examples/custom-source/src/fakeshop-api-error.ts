/**
 * The Fakeshop API answered with an error status or something that is not a product page. The
 * sync engine turns it into a rejected sync; pages committed before it stay committed.
 */
export class FakeshopApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status, when the API answered at all. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FakeshopApiError';
  }
}
