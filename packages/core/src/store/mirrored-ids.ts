/**
 * The narrow, read-only view of the mirror a source plugin is given: which records it has
 * mirrored. A source never sees the store itself, so it can neither write nor read other
 * sources' data or a store's tables.
 *
 * @example
 * const seen = await context.mirrored.recordIds('crm_contacts', context.id);
 * const gone = seen.filter((id) => !snapshot.has(id));
 */
export interface MirroredIds {
  /**
   * Ids of the live records of `resource` whose latest change came from `source`, in the
   * store's record id order, all of them (never cut at a query row limit).
   */
  recordIds(resource: string, source: string): Promise<string[]>;
}
