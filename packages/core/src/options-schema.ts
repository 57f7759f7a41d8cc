/**
 * The options schema a plugin declares, described structurally as the Standard Schema v1
 * interface (standardschema.dev) so that core depends on no validation library: zod 4, valibot,
 * ArkType and others produce schemas that fit as they are.
 *
 * @example
 * import { z } from 'zod';
 * const options: OptionsSchema<{ baseUrl: string }> = z.strictObject({ baseUrl: z.url() });
 */
export interface OptionsSchema<TOutput = unknown> {
  readonly '~standard': OptionsSchemaProps<TOutput>;
}

/** The `~standard` member of an {@link OptionsSchema}. */
export interface OptionsSchemaProps<TOutput = unknown> {
  /** The Standard Schema version: 1. */
  readonly version: 1;
  /** The library that made the schema, for messages. */
  readonly vendor: string;
  /** Checks a value: its typed output, or the issues found. */
  readonly validate: (
    value: unknown,
  ) => OptionsValidationResult<TOutput> | Promise<OptionsValidationResult<TOutput>>;
  /** Carries the output type for inference; never read at run time. */
  readonly types?: { readonly input: unknown; readonly output: TOutput } | undefined;
  /**
   * The Standard JSON Schema extension (zod 4 has it): hosts use it to document options and to
   * let editors check config files.
   */
  readonly jsonSchema?: {
    readonly input: (options: { readonly target: 'draft-2020-12' }) => Record<string, unknown>;
  };
}

/** What {@link OptionsSchemaProps.validate} answers. */
export type OptionsValidationResult<TOutput> =
  | { readonly value: TOutput; readonly issues?: undefined }
  | { readonly issues: readonly OptionsIssue[] };

/** One problem a schema found. */
export interface OptionsIssue {
  /** What is wrong. */
  readonly message: string;
  /** Where: keys and indexes from the top of the options. */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The options type an {@link OptionsSchema} produces. */
export type OptionsOf<TSchema> = TSchema extends OptionsSchema<infer TOutput> ? TOutput : unknown;

const NO_OPTIONS_JSON_SCHEMA = {
  type: 'object',
  properties: {},
  additionalProperties: false,
  description: 'takes no options',
};

/**
 * The schema of a plugin that takes no options: nothing, or an empty object. Anything else is
 * refused, so a misspelt option for such a plugin is an error rather than ignored.
 */
export const noOptions: OptionsSchema<undefined> = {
  '~standard': {
    version: 1,
    vendor: 'oxide-mirror',
    validate: (value) => {
      const empty =
        value === undefined ||
        (typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length === 0);
      return empty
        ? { value: undefined }
        : { issues: [{ message: `takes no options, got ${JSON.stringify(value)}` }] };
    },
    jsonSchema: { input: () => structuredClone(NO_OPTIONS_JSON_SCHEMA) },
  },
};
