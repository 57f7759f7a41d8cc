import { z } from 'zod';
import type { McpResultLimits } from '../mcp-context';

/** The caps of a tool that returns rows: what a call gets unless it asks, and its arguments. */
export interface ResultCapArguments {
  defaultRows: number;
  defaultBytes: number;
  /** The argument that asks for more rows (or fewer), up to the server's maximum. */
  rows: z.ZodOptional<z.ZodInt>;
  /** The argument that asks for more bytes (or fewer), up to the server's maximum. */
  bytes: z.ZodOptional<z.ZodInt>;
}

/** One definition of the row and byte caps of `query` and `record_history`. */
export function resultCapArguments(limits: McpResultLimits, unit: string): ResultCapArguments {
  const defaultRows = Math.min(limits.defaultRows, limits.maxRows);
  const defaultBytes = Math.min(limits.defaultBytes, limits.maxBytes);
  return {
    defaultRows,
    defaultBytes,
    rows: z
      .int()
      .positive()
      .max(limits.maxRows)
      .optional()
      .describe(`at most this many ${unit} (default ${defaultRows}, up to ${limits.maxRows})`),
    bytes: z
      .int()
      .positive()
      .max(limits.maxBytes)
      .optional()
      .describe(
        `at most this many bytes of ${unit} as JSON (default ${defaultBytes}, up to ${limits.maxBytes})`,
      ),
  };
}
