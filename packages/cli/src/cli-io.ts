/** Where a command writes: a process stream, or a buffer in tests. */
export interface OutputStream {
  write(text: string): unknown;
  /** True on a terminal: tables are cut to fit and sync shows live progress. */
  isTTY?: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

/**
 * Everything a command touches outside itself, so that the whole CLI can run in-process with
 * fake streams and environment.
 */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Where secrets come from. */
  env: NodeJS.ProcessEnv;
  /** Relative paths on the command line resolve from here. */
  cwd: string;
  /** Aborted on Ctrl-C, so long-running commands (`events --follow`, `demo`) end cleanly. */
  signal: AbortSignal;
  /** How the user runs the command, for hints (`oxide-mirror`, `node dist/main.js`). */
  invokedAs?: string;
}
