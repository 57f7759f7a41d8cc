/**
 * Key in `mirror_meta` of the log position up to which events may carry a release-0.1.0 identity
 * (0 for a mirror created since). Appends to such a log also look up the old identity, so data
 * re-sent after an upgrade is still recognised; a new mirror pays nothing for it.
 */
export const LEGACY_IDENTITY_HEAD = 'legacy_identity_head';

/**
 * Key in `mirror_meta` of the resource views' field catalog version: a fresh token written with
 * every change to the catalog, so a process knows when its in-memory copy is stale.
 */
export const FIELD_CATALOG_VERSION = 'field_catalog_version';

/**
 * Key in `mirror_meta` of the strategy that built `mirror_records`: the canonical JSON of its
 * name and options. Only a rebuild changes it; a write with another strategy is refused.
 */
export const PROJECTION_STRATEGY = 'projection_strategy';
