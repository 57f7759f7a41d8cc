import type { ResourceDescription } from '@oxide-mirror/core';

/**
 * The columns of a resource's view: `record_id`, then one per top-level payload field, as every
 * store builds its views.
 */
export function viewColumns(description: Pick<ResourceDescription, 'fields'>): string[] {
  return ['record_id', ...description.fields.map((field) => field.field)];
}
