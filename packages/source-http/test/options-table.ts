import { httpSourceOptionsSchema } from '@oxide-mirror/source-http';
import { z } from 'zod';

/** The part of a JSON Schema the table reads. */
interface Node {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: Node | boolean;
  items?: Node;
  oneOf?: Node[];
  anyOf?: Node[];
  $ref?: string;
}

/** Where README.md keeps the generated table. */
export const TABLE_START = '<!-- options-table:start -->';
/** The end of the generated table. */
export const TABLE_END = '<!-- options-table:end -->';

/** The README's options table, generated from the plugin's options schema. */
export function optionsTable(): string {
  const root = z.toJSONSchema(httpSourceOptionsSchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Node;
  const rows = ['| setting | type | meaning |', '| --- | --- | --- |'];
  walk(root, '', rows, new Map());
  return rows.join('\n');
}

function walk(node: Node, path: string, rows: string[], seen: Map<string, string>): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const at = path === '' ? key : `${path}.${key}`;
    const required = node.required?.includes(key) ?? false;
    const options = child.oneOf;
    if (options !== undefined && options.every((option) => option.properties?.kind?.const)) {
      union(child, options, at, rows, seen);
      continue;
    }
    rows.push(row(at, typeOf(child), required, child.description ?? ''));
    if (child.properties) walk(child, at, rows, seen);
    if (child.items?.properties) walk(child.items, `${at}[]`, rows, seen);
  }
}

/** A union on `kind`: one row per kind, then each kind's own settings, shared ones once. */
function union(
  node: Node,
  options: Node[],
  at: string,
  rows: string[],
  seen: Map<string, string>,
): void {
  const shape = JSON.stringify(node);
  const earlier = seen.get(shape);
  if (earlier !== undefined) {
    rows.push(row(at, 'object', false, `As \`${earlier}\`.`));
    return;
  }
  seen.set(shape, at);
  rows.push(row(at, 'object', false, node.description ?? ''));
  const shared = new Set<string>();
  for (const option of options) {
    const kind = String(option.properties?.kind?.const);
    rows.push(row(`${at}.kind`, `"${kind}"`, false, option.description ?? ''));
    const own: Node = { ...option, properties: {} };
    for (const [key, child] of Object.entries(option.properties ?? {})) {
      if (key === 'kind') continue;
      const common = options.filter((other) => other.properties?.[key] !== undefined).length > 1;
      const same = options.every(
        (other) =>
          other.properties?.[key] === undefined ||
          JSON.stringify(other.properties[key]) === JSON.stringify(child),
      );
      if (common && same) shared.add(key);
      else (own.properties as Record<string, Node>)[key] = child;
    }
    walk(own, at, rows, seen);
  }
  const first = options.find((option) => [...shared].every((key) => option.properties?.[key]));
  if (first === undefined || shared.size === 0) return;
  const common: Node = {
    properties: Object.fromEntries(
      [...shared].map((key) => [key, first.properties?.[key] as Node]),
    ),
  };
  walk(common, at, rows, seen);
}

function row(path: string, type: string, required: boolean, meaning: string): string {
  const cell = (text: string): string => text.replaceAll('|', '\\|');
  return `| \`${path}\` | ${cell(type)}${required ? ', required' : ''} | ${cell(meaning)} |`;
}

function typeOf(node: Node): string {
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(' or ');
  if (node.anyOf) return node.anyOf.map(typeOf).join(' or ');
  if (node.$ref) return 'JSON';
  if (node.type === 'object' && typeof node.additionalProperties === 'object') {
    return `map of ${typeOf(node.additionalProperties)}`;
  }
  if (node.type === 'object' && node.properties?.$env) return '{ "$env": NAME }';
  if (node.type === 'array') return 'array';
  return node.type ?? 'function';
}
