import { HttpConfigError } from './errors';

/** `{name}` takes a config variable, `{env:NAME}` an environment variable. */
const PLACEHOLDER = /\{(env:)?([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** What placeholders may be filled from, and where secrets are collected. */
export interface TemplateContext {
  /** Config variables. */
  vars: Readonly<Record<string, string>>;
  /** Environment variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** Receives every environment value used: they are credentials. */
  secrets: Set<string>;
}

/** How one template is rendered. */
export interface TemplateRules {
  /** Whether `{env:NAME}` may appear (headers and query values only: never in a path). */
  allowEnv: boolean;
  /** Whether values are percent-encoded (path segments). */
  encode: boolean;
}

/** The names of the environment variables that `{env:NAME}` placeholders in `text` refer to. */
export function envNamesIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)]
    .filter(([, env]) => env !== undefined)
    .map(([, , name]) => name as string);
}

/**
 * Fills the placeholders of `template`. Throws {@link HttpConfigError} naming `field` for an
 * unknown variable or a missing environment variable (naming the variable, never a value).
 */
export function renderTemplate(
  template: string,
  field: string,
  context: TemplateContext,
  rules: TemplateRules,
): string {
  return template.replace(PLACEHOLDER, (_match, env: string | undefined, name: string) => {
    if (env !== undefined) {
      if (!rules.allowEnv) {
        throw new HttpConfigError(
          field,
          `may not use {env:${name}}: secrets go in headers or query`,
        );
      }
      return readSecret(name, field, context);
    }
    const value = context.vars[name];
    if (value === undefined)
      throw new HttpConfigError(field, `uses {${name}}, which is not in vars`);
    return rules.encode ? encodeURIComponent(value) : value;
  });
}

/**
 * The value of environment variable `name`, recorded as a secret. Throws
 * {@link HttpConfigError} naming `field` and the variable (never a value) when it is unset.
 */
export function readSecret(name: string, field: string, context: TemplateContext): string {
  const value = context.env[name];
  if (value === undefined || value === '') {
    throw new HttpConfigError(field, `needs environment variable ${name}, which is not set`);
  }
  context.secrets.add(value);
  return value;
}
