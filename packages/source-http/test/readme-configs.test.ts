import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import {
  HttpSource,
  httpSourceOptionsSchema,
  type HttpSourceConfig,
} from '@oxide-mirror/source-http';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** The code blocks of the README in `language`. */
function blocks(language: string): string[] {
  return [...README.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(
    (match) => match[1] as string,
  );
}

/** The object literal that starts at `open` (a `{`) in `text`. */
function objectLiteralAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}') depth -= 1;
    if (depth === 0) return text.slice(open, i + 1);
  }
  throw new Error('unbalanced object literal');
}

/** Every `{env:NAME}` and `$env` name in `value`, each set to a made-up secret. */
function envFor(value: unknown): Record<string, string> {
  const text = JSON.stringify(value);
  const names = [...text.matchAll(/\{env:([A-Za-z_]\w*)\}|"\$env":"([^"]+)"/g)];
  return Object.fromEntries(names.map((match) => [match[1] ?? match[2], 'made-up-secret']));
}

function build(config: HttpSourceConfig): HttpSource {
  return new HttpSource(config, { env: envFor(config), knownRecordIds: async () => [] });
}

describe("the README's config examples", () => {
  it('builds the library example as printed', () => {
    const code = blocks('ts').find((block) => block.includes('new HttpSource(')) as string;
    const literal = objectLiteralAt(code, code.indexOf('{', code.indexOf('new HttpSource(')));
    const config = runInNewContext(`(${literal})`) as HttpSourceConfig;
    expect(build(config).resources).toEqual(['crm_contacts', 'crm_pipelines']);
  });

  it('accepts every JSON example: plugin configs and cookbook options', () => {
    const examples = blocks('json').map((block) => JSON.parse(block) as Record<string, unknown>);
    expect(examples.length).toBeGreaterThanOrEqual(7);
    for (const example of examples) {
      const sources = example.sources as Record<string, { options: unknown }> | undefined;
      const options =
        sources === undefined ? [example] : Object.values(sources).map((s) => s.options);
      for (const option of options) {
        const parsed = httpSourceOptionsSchema.safeParse(option);
        expect(parsed.error).toBeUndefined();
        expect(() => build({ ...(option as HttpSourceConfig), id: 'example' })).not.toThrow();
      }
    }
  });
});
