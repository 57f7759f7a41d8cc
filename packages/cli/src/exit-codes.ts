/**
 * The command's exit codes. Scripts and schedulers branch on them, so they are part of the
 * public surface and never change meaning.
 */
export const ExitCode = {
  /** Everything asked for was done. */
  ok: 0,
  /** Nothing useful was done: bad config, unknown plugin, refused query, every source failed. */
  failure: 1,
  /** The command line itself was wrong (unknown command or option, missing argument). */
  usage: 2,
  /** A sync committed some pages, but at least one source failed; rerun to resume. */
  partial: 3,
  /** Stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
