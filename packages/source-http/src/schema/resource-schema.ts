import type { JsonObject } from '@oxide-mirror/core';
import { z } from 'zod';
import { paginationSchema } from './pagination-schema';
import {
  dottedPath,
  jsonValue,
  name,
  nonNegative,
  positiveInt,
  secretCapableMap,
  timeFormat,
} from './schema-parts';

/** `-30d`, `-12h`, `-15m`, `-45s`: a time before the sync's start. */
const RELATIVE_START = /^-\d+[dhms]$/;

const incremental = z
  .object({
    param: name.describe('Query parameter of the inclusive lower bound, e.g. `updated_since`.'),
    paramFormat: timeFormat
      .optional()
      .describe(
        'How the bound is written: `iso`, `unix-seconds` or `unix-ms`. Default: `timeFormat`.',
      ),
    start: z
      .string()
      .refine((value) => RELATIVE_START.test(value) || !Number.isNaN(Date.parse(value)), {
        message: 'must be an ISO-8601 instant or a relative time such as "-30d", "-12h"',
      })
      .optional()
      .describe('Bound of the first sync: an instant, or relative such as `-30d`. Default: none.'),
    overlapMs: nonNegative
      .optional()
      .describe('How far behind the newest mirrored time the bound reaches. Default 0.'),
    lagMs: nonNegative
      .optional()
      .describe(
        'Changes newer than this are read again next sync (APIs whose newest writes show late). Default 0.',
      ),
    seek: z
      .boolean()
      .optional()
      .describe(
        'The API returns records oldest first by update time: every page restarts at the newest committed time. Default false.',
      ),
    maxPasses: positiveInt.optional().describe('Passes per sync without `seek`. Default 3.'),
  })
  .strict()
  .describe('Ask only for records changed since the last sync. Needs `updatedAtField`.');

const deletedEndpoint = z
  .object({
    path: name.describe('Path under `baseUrl`, or an absolute URL.'),
    query: z.record(z.string(), z.string()).optional().describe('Extra query parameters.'),
    recordsAt: z
      .string()
      .optional()
      .describe('Dotted path of the deleted records or ids; empty: the body.'),
    idField: dottedPath
      .optional()
      .describe("Id of a deleted record. Default: the resource's `idField`."),
    deletedAtField: dottedPath
      .optional()
      .describe('When the record was deleted; without it the delete is dated now.'),
    pagination: paginationSchema.optional(),
    sinceParam: name
      .optional()
      .describe('Query parameter of an inclusive "deleted since" bound; needs `deletedAtField`.'),
  })
  .strict()
  .describe("A tombstone listing of deleted records, read after the resource's own listing.");

const deletes = z
  .object({
    flagField: dottedPath
      .optional()
      .describe('A record field that marks a delete, e.g. `archived` or `deleted_at`.'),
    flagMatch: z
      .enum(['equals', 'truthy', 'present'])
      .optional()
      .describe('`equals` `flagValue` (default), `truthy`, or `present` (any value but null).'),
    flagValue: jsonValue
      .optional()
      .describe('With `flagMatch: "equals"`: the value that means deleted. Default true.'),
    endpoint: deletedEndpoint.optional(),
    inferFromSnapshot: z
      .boolean()
      .optional()
      .describe(
        'Delete mirrored records a complete snapshot no longer holds. Not with `incremental`.',
      ),
    maxDeleteShare: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Largest share of records one snapshot may delete. Default 0.5.'),
  })
  .strict()
  .describe('How deletes reach the mirror; any combination.');

/** One listing of the API mirrored as one resource. */
export const resourceSchema = z
  .object({
    name: name.describe('The mirror resource, e.g. `crm_contacts`.'),
    path: name.describe(
      'Path under `baseUrl`, or an absolute URL; `{var}` placeholders from `vars`.',
    ),
    query: secretCapableMap
      .optional()
      .describe('Extra query parameters; `{var}`, `{env:NAME}` and `$env` allowed.'),
    recordsAt: z
      .string()
      .optional()
      .describe('Dotted path of the records array (`data`); empty: the body itself.'),
    idField: dottedPath.describe(
      "Dotted path of a record's id (string or integer, exact digits kept).",
    ),
    updatedAtField: dottedPath
      .optional()
      .describe("Dotted path of a record's update time; it dates each change."),
    timeFormat: timeFormat
      .optional()
      .describe('How records write times: `iso` (default), `unix-seconds`, `unix-ms`.'),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Provenance confidence in [0, 1]. Default 1.'),
    pagination: paginationSchema.optional(),
    incremental: incremental.optional(),
    deletes: deletes.optional(),
    etag: z
      .boolean()
      .optional()
      .describe('Revalidate the first page with `If-None-Match`; a `304` skips the resource.'),
    transform: z
      .custom<(record: JsonObject) => JsonObject>((value) => typeof value === 'function', {
        message: 'must be a function',
      })
      .optional()
      .describe('`(record) => payload` (library use only).'),
  })
  .strict();

/** One listing of the API mirrored as one resource. */
export type HttpResourceConfig = z.input<typeof resourceSchema>;
/** Incremental sync: ask only for records updated since the newest one already mirrored. */
export type IncrementalConfig = z.input<typeof incremental>;
/** How deletes reach the mirror; any combination may be set. */
export type DeletesConfig = z.input<typeof deletes>;
/** A separate listing of deleted records. */
export type DeletedEndpointConfig = z.input<typeof deletedEndpoint>;
