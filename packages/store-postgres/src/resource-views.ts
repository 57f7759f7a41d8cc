import type pg from 'pg';
import type { JsonValue, StoredEvent } from '@oxide-mirror/core';

/** What a field's values have been: its view column's SQL type follows from it. */
type FieldKind = 'unknown' | 'number' | 'boolean' | 'text' | 'json';

/** Prefixes a resource may not take as a view name: they belong to the store or to PostgreSQL. */
const RESERVED_PREFIXES = ['mirror_', 'pg_', 'kysely_'];
/** PostgreSQL cuts identifiers at 63 bytes; longer names are shortened before they collide. */
const MAX_NAME_BYTES = 63;

function kindOf(value: JsonValue | undefined): FieldKind {
  if (value === null || value === undefined) return 'unknown';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'text';
  return 'json';
}

/** The kind of a field that has held values of both kinds: mixed kinds read as text. */
function widen(known: FieldKind, seen: FieldKind): FieldKind {
  if (known === 'unknown') return seen;
  return seen === 'unknown' || seen === known ? known : 'text';
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** SQL reading the top-level `field` of `payload` as a column of the field's kind. */
function fieldExpression(field: string, kind: FieldKind): string {
  const key = quoteLiteral(field);
  if (kind === 'number') return `(payload ->> ${key})::numeric`;
  if (kind === 'boolean') return `(payload ->> ${key})::boolean`;
  if (kind === 'json') return `(payload -> ${key})`;
  return `(payload ->> ${key})`;
}

/** `wanted`, shortened to PostgreSQL's length and made unique among `taken` (lower-cased). */
function uniqueName(wanted: string, taken: Set<string>): string {
  const fit = (name: string, suffix: string): string => {
    let base = name;
    while (Buffer.byteLength(base + suffix) > MAX_NAME_BYTES) base = base.slice(0, -1);
    return base + suffix;
  };
  let name = fit(wanted, '');
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = fit(wanted, `_${n}`);
  taken.add(name.toLowerCase());
  return name;
}

/**
 * One SQL view per resource whose columns are the top-level payload fields seen so far, as in
 * the SQLite store (same view and column names), over `jsonb`: a field that has only held
 * numbers is a `numeric` column, only booleans `boolean`, objects and arrays `jsonb`, anything
 * else (or a mix) `text`. The field catalog (`mirror_resource_fields`) is written in the
 * transaction of the batch that adds or widens fields, and views are built from it, never from
 * memory; the batch holds the log's counter row then, so catalog changes happen one at a time.
 * The in-memory copy only spares a lookup for fields already known.
 */
export class ResourceViews {
  private readonly known = new Map<string, Map<string, FieldKind>>();

  /** Adds the fields `events` bring, inside their batch's transaction. */
  async apply(client: pg.PoolClient, events: readonly StoredEvent[]): Promise<void> {
    const changed = new Set<string>();
    for (const { delta } of events) {
      if (delta.payload === null) continue;
      const fields = this.fieldsOf(delta.resource);
      for (const [field, value] of Object.entries(delta.payload)) {
        const kind = kindOf(value);
        const current = fields.get(field);
        if (current !== undefined && widen(current, kind) === current) continue;
        fields.set(field, current === undefined ? kind : widen(current, kind));
        if (await this.record(client, delta.resource, field, kind)) changed.add(delta.resource);
      }
    }
    for (const resource of changed) await this.createView(client, resource);
  }

  private fieldsOf(resource: string): Map<string, FieldKind> {
    let fields = this.known.get(resource);
    if (fields === undefined) this.known.set(resource, (fields = new Map()));
    return fields;
  }

  /** Adds or widens a field in the catalog; true when the catalog changed. */
  private async record(
    client: pg.PoolClient,
    resource: string,
    field: string,
    kind: FieldKind,
  ): Promise<boolean> {
    const { rowCount } = await client.query({
      name: 'oxide_mirror_add_field',
      text: `INSERT INTO mirror_resource_fields AS f (resource, field, ordinal, kind)
        SELECT $1, $2, coalesce(max(ordinal), 0) + 1, $3 FROM mirror_resource_fields WHERE resource = $1
        ON CONFLICT (resource, field) DO UPDATE SET kind = CASE
            WHEN f.kind = 'unknown' THEN excluded.kind
            WHEN excluded.kind IN ('unknown', f.kind) THEN f.kind ELSE 'text' END
          WHERE f.kind <> CASE
            WHEN f.kind = 'unknown' THEN excluded.kind
            WHEN excluded.kind IN ('unknown', f.kind) THEN f.kind ELSE 'text' END`,
      values: [resource, field, kind],
    });
    return (rowCount ?? 0) > 0;
  }

  /** Re-creates the resource's view from the catalog (a column's type may have changed). */
  private async createView(client: pg.PoolClient, resource: string): Promise<void> {
    const view = await this.viewNameOf(client, resource);
    const { rows } = await client.query<{ field: string; kind: FieldKind }>(
      'SELECT field, kind FROM mirror_resource_fields WHERE resource = $1 ORDER BY ordinal',
      [resource],
    );
    const fields = this.fieldsOf(resource);
    const columns = new Set(['record_id']);
    const selected = rows.map(({ field, kind }) => {
      fields.set(field, kind);
      return `${fieldExpression(field, kind)} AS ${quoteIdentifier(uniqueName(field, columns))}`;
    });
    await client.query(`DROP VIEW IF EXISTS ${quoteIdentifier(view)}`);
    await client.query(
      `CREATE VIEW ${quoteIdentifier(view)} AS SELECT record_id${selected.map((column) => `, ${column}`).join('')} ` +
        `FROM mirror_records WHERE resource = ${quoteLiteral(resource)}`,
    );
  }

  /** The view's name: the stored one, or a new one that shadows nothing in the schema. */
  private async viewNameOf(client: pg.PoolClient, resource: string): Promise<string> {
    const stored = await client.query<{ view_name: string }>(
      'SELECT view_name FROM mirror_resource_views WHERE resource = $1',
      [resource],
    );
    if (stored.rows[0] !== undefined) return stored.rows[0].view_name;
    const lower = resource.toLowerCase();
    const wanted = RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix))
      ? `r_${resource}`
      : resource;
    const { rows } = await client.query<{ relname: string }>(
      'SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace',
    );
    const name = uniqueName(wanted, new Set(rows.map((row) => row.relname.toLowerCase())));
    await client.query('INSERT INTO mirror_resource_views (resource, view_name) VALUES ($1, $2)', [
      resource,
      name,
    ]);
    return name;
  }
}
