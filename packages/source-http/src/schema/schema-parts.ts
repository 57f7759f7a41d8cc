import type { JsonValue } from '@oxide-mirror/core';
import { z } from 'zod';

/** A name or key: a non-blank string. */
export const name = z.string().refine((value) => value.trim().length > 0, {
  message: 'must be a non-empty string',
});

/** A dotted JSON path such as `meta.next_cursor`. */
export const dottedPath = name;

/** An integer >= 1. */
export const positiveInt = z.number().int().min(1);

/** A number >= 0 (milliseconds, for instance). */
export const nonNegative = z.number().min(0);

/** Any JSON value, as written in a config file. */
export const jsonValue: z.ZodType<JsonValue, JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

/** A reference to an environment variable holding a secret: `{ "$env": "CRM_TOKEN" }`. */
export const envReference = z
  .object({ $env: name.describe('Name of the environment variable.') })
  .strict();

/** A header or query value: text (with `{env:NAME}` placeholders) or an `$env` reference. */
export const secretCapable = z.union([z.string(), envReference]);

/** A map of header or query values. */
export const secretCapableMap = z.record(z.string(), secretCapable);

/** How an API writes times. */
export const timeFormat = z.enum(['iso', 'unix-seconds', 'unix-ms']);
