import { z } from 'zod';
import type { OptionsSchema } from '@oxide-mirror/core';
import { HttpConfigError } from '../errors';
import { httpSourceOptionsSchema } from './options-schema';
import { parseOptions } from './parse-options';

/** The options of the plugin entry: a source's config without its id (the host names it). */
export type HttpSourcePluginOptions = z.output<typeof httpSourceOptionsSchema>;

/**
 * The options schema hosts validate the plugin's options with (a Standard Schema). It checks with
 * {@link parseOptions}, so a host reports what the source itself would: the field, "is required"
 * rather than zod's wording, a did-you-mean for a misspelt key. Its JSON Schema leaves out what
 * JSON cannot hold (a paginator object, which only code can pass).
 */
export const httpSourcePluginOptionsSchema: OptionsSchema<HttpSourcePluginOptions> = {
  '~standard': {
    version: 1,
    vendor: 'oxide-mirror-source-http',
    validate(value) {
      try {
        return { value: parseOptions(httpSourceOptionsSchema, value) };
      } catch (error) {
        if (!(error instanceof HttpConfigError)) throw error;
        const path = error.field === '(options)' ? [] : [error.field];
        return { issues: [{ message: error.problem, path }] };
      }
    },
    jsonSchema: {
      input: () =>
        z.toJSONSchema(httpSourceOptionsSchema, {
          io: 'input',
          unrepresentable: 'any',
          target: 'draft-2020-12',
        }) as Record<string, unknown>,
    },
  },
};
