/** Where the guide to the mirror's own tables is read. */
export const GUIDE_URI = 'oxide-mirror://guide';

/** The URI template of the per-resource view descriptions. */
export const VIEW_URI_TEMPLATE = 'oxide-mirror://views/{resource}';

/** Where the description of `resource`'s view is read. */
export function viewResourceUri(resource: string): string {
  return `oxide-mirror://views/${resource}`;
}
