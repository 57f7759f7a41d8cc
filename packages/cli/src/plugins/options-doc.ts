/** One documented option: its path, type, whether it is required, its default and description. */
export interface OptionDoc {
  option: string;
  type: string;
  required: boolean;
  default: string;
  description: string;
}

type JsonSchema = Record<string, unknown>;

function asSchema(value: unknown): JsonSchema {
  return typeof value === 'object' && value !== null ? (value as JsonSchema) : {};
}

/** A short type for people: `string`, `integer`, `string[]`, `"a" | "b"`, `object`. */
function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum))
    return schema.enum.map((item) => JSON.stringify(item)).join(' | ');
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives))
    return alternatives.map((item) => typeOf(asSchema(item))).join(' | ');
  if (schema.type === 'array') return `${typeOf(asSchema(schema.items))}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (typeof schema.type === 'string') return schema.type;
  return 'any';
}

/**
 * The options a plugin's JSON Schema describes, one row per property, nested objects and arrays
 * of objects flattened into dotted paths (`auth.header`, `resources[].path`).
 */
export function optionDocs(schema: JsonSchema, prefix = ''): OptionDoc[] {
  const properties = asSchema(schema.properties);
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(properties).flatMap(([key, value]) => {
    const property = asSchema(value);
    const path = `${prefix}${key}`;
    const row: OptionDoc = {
      option: path,
      type: typeOf(property),
      required: required.includes(key),
      default: property.default === undefined ? '' : JSON.stringify(property.default),
      description: typeof property.description === 'string' ? property.description : '',
    };
    const items = asSchema(property.items);
    const nested =
      property.properties !== undefined
        ? optionDocs(property, `${path}.`)
        : items.properties !== undefined
          ? optionDocs(items, `${path}[].`)
          : [];
    return [row, ...nested];
  });
}
