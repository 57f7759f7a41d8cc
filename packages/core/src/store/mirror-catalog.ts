/** A resource with its counts and freshness, as {@link MirrorCatalog.resourceSummaries} gives it. */
export interface ResourceSummary {
  resource: string;
  /** Live records. */
  records: number;
  /** Events in the log. */
  events: number;
  /** When the newest live record was written to the mirror, on the store's clock. */
  lastSyncedAt: string | null;
  /** Name of the resource's SQL view, when the store keeps one. */
  view: string | null;
}

/**
 * The JSON type of a payload value, as the catalog reports it; the same words on every store.
 * Integers and other numbers are told apart by their JSON text (`12` is an integer, `1.5` real).
 */
export type FieldType = 'text' | 'integer' | 'real' | 'boolean' | 'null' | 'object' | 'array';

/** One top-level payload field of a resource, as the live records show it. */
export interface FieldDescription {
  field: string;
  /** Types seen, most common first (ties by name). */
  types: FieldType[];
  /** Live records that have the field. */
  records: number;
  /** One value seen, as text (objects and arrays as JSON, booleans as `true`/`false`). */
  example: string | null;
}

/** Where a resource's live records came from and how fresh they are, per source. */
export interface SourceFreshness {
  source: string;
  records: number;
  /** When the newest of them was written to the mirror. */
  lastSyncedAt: string;
  /** The newest change among them, on the source's clock. */
  latestChange: string;
}

/** What the catalog says about one resource. */
export interface ResourceDescription extends Omit<ResourceSummary, 'lastSyncedAt'> {
  /** Top-level payload fields, by name. */
  fields: FieldDescription[];
  /** Per source, ordered by source id. */
  freshness: SourceFreshness[];
}

/**
 * What the mirror holds, without reading its tables: resources, their fields and types, their
 * views, counts and freshness. Hosts describe a mirror through this alone.
 */
export interface MirrorCatalog {
  /** Every resource registered or seen in the log, sorted. */
  listResources(): Promise<string[]>;
  /** Declares a resource before any of its records arrive. */
  registerResource(name: string): Promise<void>;
  /** Live record count per resource (0 for a resource without live records). */
  recordCounts(): Promise<Record<string, number>>;
  /** Number of events in the log, for one resource or all. */
  eventCount(resource?: string): Promise<number>;
  /** Every resource with its counts, latest sync and view, sorted by name. */
  resourceSummaries(): Promise<ResourceSummary[]>;
  /** One resource's counts, view, fields with their types, and freshness per source. */
  describeResource(resource: string): Promise<ResourceDescription>;
}
