import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { HttpConfigError } from '../errors';

/** The part of a JSON Schema the key lookup reads. */
interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode;
  oneOf?: JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
}

/**
 * `value` checked against `schema`; throws {@link HttpConfigError} naming the first problem's
 * path. A misspelt key comes first (it is usually why a required one looks missing) and carries
 * a did-you-mean from the keys allowed at that place.
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, at = ''): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issues = [...result.error.issues].sort((a, b) => rank(a) - rank(b));
  const error = toConfigError(issues[0] as z.core.$ZodIssue, schema);
  if (at === '') throw error;
  const field =
    error.field === '(options)'
      ? at
      : `${at}${error.field.startsWith('[') ? '' : '.'}${error.field}`;
  throw new HttpConfigError(field, error.problem);
}

function rank(issue: z.core.$ZodIssue): number {
  return issue.code === 'unrecognized_keys' ? 0 : 1;
}

function toConfigError(issue: z.core.$ZodIssue, schema: z.ZodType): HttpConfigError {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] as string;
    const known = knownKeys(z.toJSONSchema(schema, jsonSchemaOptions) as JsonSchemaNode, path);
    return new HttpConfigError(formatPath([...path, key]), unknownKeyProblem(key, known));
  }
  return new HttpConfigError(formatPath(path), problemOf(issue));
}

const jsonSchemaOptions = { io: 'input', unrepresentable: 'any' } as const;

/** `resources[1].pagination.limit` */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? '(options)' : text;
}

function unknownKeyProblem(key: string, known: string[]): string {
  const guess = known.length === 0 ? undefined : closest(key, known);
  const close = guess !== undefined && distance(key, guess) <= Math.max(2, key.length / 3);
  if (close) return `is not a known setting; did you mean '${guess}'?`;
  return known.length === 0
    ? 'is not a known setting'
    : `is not a known setting; known here: ${known.join(', ')}`;
}

/** The keys an object at `path` may have, across every branch of a union. */
function knownKeys(root: JsonSchemaNode, path: readonly PropertyKey[]): string[] {
  let nodes: JsonSchemaNode[] = [root];
  for (const segment of path) {
    nodes = nodes.flatMap(branches).flatMap((node) => {
      if (typeof segment === 'number') return node.items ? [node.items] : [];
      const property = node.properties?.[String(segment)];
      if (property !== undefined) return [property];
      return typeof node.additionalProperties === 'object' ? [node.additionalProperties] : [];
    });
  }
  const keys = nodes.flatMap(branches).flatMap((node) => Object.keys(node.properties ?? {}));
  return [...new Set(keys)];
}

function branches(node: JsonSchemaNode): JsonSchemaNode[] {
  const options = node.oneOf ?? node.anyOf;
  return options === undefined ? [node] : options.flatMap(branches);
}

function problemOf(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      return `must be ${article(issue.expected)}, got ${describe(input)}`;
    case 'too_small':
      if (issue.origin === 'array') return 'must be a non-empty array';
      if (issue.origin === 'string') return 'must be a non-empty string';
      return `must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}, got ${describe(input)}`;
    case 'too_big':
      return `must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}, got ${describe(input)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(input)}`;
    case 'invalid_union':
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const given = (input as Record<string, unknown> | undefined)?.[issue.discriminator];
        return `must be one of ${options.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(given)}`;
      }
      return `must be a string or { "$env": NAME }, got ${describe(input)}`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'record') return 'an object';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** A short, value-safe description for messages (never echoes long strings). */
function describe(value: unknown): string {
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
