import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { stringifyJson, UnrepresentableNumber } from '@oxide-mirror/core';
import { messageOf } from '../cli-error';

/**
 * A successful tool result: the structured value, and the same as compact JSON text for clients
 * without structured output. The text keeps big integers as their digits; the structured value
 * goes through the SDK's `JSON.stringify`, which cannot carry a bigint, so there it is a decimal
 * string (and a number no double holds, its spelling).
 */
export function toolResult(structured: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: stringifyJson(structured) }],
    structuredContent: JSON.parse(
      JSON.stringify(structured, (_key, value: unknown) =>
        typeof value === 'bigint'
          ? value.toString()
          : value instanceof UnrepresentableNumber
            ? value.text
            : value,
      ),
    ) as Record<string, unknown>,
  };
}

/** A tool error the model can read and act on; the server itself stays up. */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Runs a tool body, turning anything it throws into a {@link toolError} without secrets. */
export async function guarded(
  redact: (text: string) => string,
  body: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    return toolError(redact(messageOf(error)));
  }
}
