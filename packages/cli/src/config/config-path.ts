/**
 * A config path as people write it: `sources.crm.options.pages[0]`, with keys that are not plain
 * identifiers quoted (`resources["billing/invoices"]`). An empty path is the file's top level.
 */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) {
      text += text.length === 0 ? key : `.${key}`;
    } else text += `[${JSON.stringify(String(key))}]`;
  }
  return text.length === 0 ? '(top level)' : text;
}
