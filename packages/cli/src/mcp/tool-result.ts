import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { messageOf } from '../cli-error';

/** A successful tool result: the structured value, and the same as JSON text for clients without structured output. */
export function toolResult(structured: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(structured, null, 2) }],
    structuredContent: structured,
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
