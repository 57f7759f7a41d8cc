/** node-postgres's own parameter serialiser (`pg/lib/utils`, in the package's exports map). */
declare module 'pg/lib/utils' {
  /** A parameter in the text form node-postgres sends it: arrays as array literals. */
  export function prepareValue(value: unknown): string | Buffer | null;
}
