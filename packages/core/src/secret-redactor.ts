/** What a secret is replaced with. */
export const REDACTED = '***';

/** The spellings a secret can take in URLs, JSON, headers and Basic credentials. */
function spellingsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    json,
    // JSON may escape every slash.
    json.replaceAll('/', '\\/'),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret, 'utf8').toString('base64url'),
  ];
}

/**
 * Removes known secret values (and their URL-, JSON- and base64-encoded spellings) from text. Every
 * message, URL and cursor a source produces, and every message a host prints or stores, passes
 * through one, so a token read from the environment can reach the wire but never a log, an error
 * or the mirror.
 *
 * @example
 * const redactor = new SecretRedactor([process.env.CRM_TOKEN ?? '']);
 * console.error(redactor.redact(String(error)));
 */
export class SecretRedactor {
  private readonly spellings: readonly string[];

  /** @param secrets values to hide; empty strings are ignored. */
  constructor(secrets: Iterable<string> = []) {
    const unique = new Set<string>();
    for (const secret of secrets) {
      if (secret.length > 0) for (const spelling of spellingsOf(secret)) unique.add(spelling);
    }
    // Longest first, so a secret containing another is replaced whole.
    this.spellings = [...unique].sort((a, b) => b.length - a.length);
  }

  /** True when `text` holds a secret in any spelling. */
  containsSecret(text: string): boolean {
    return this.spellings.some((spelling) => text.includes(spelling));
  }

  /** `text` with every secret replaced by {@link REDACTED}. */
  redact(text: string): string {
    let result = text;
    for (const spelling of this.spellings) {
      if (result.includes(spelling)) result = result.split(spelling).join(REDACTED);
    }
    return result;
  }

  /** A one-line, redacted description of any thrown value, its causes included. */
  describe(error: unknown): string {
    const parts: string[] = [];
    let current: unknown = error;
    for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
      if (current instanceof Error) {
        const code = (current as { code?: unknown }).code;
        parts.push(typeof code === 'string' ? `${current.message} (${code})` : current.message);
        current = current.cause;
      } else {
        parts.push(String(current));
        current = undefined;
      }
    }
    return this.redact([...new Set(parts)].join(': '));
  }
}
