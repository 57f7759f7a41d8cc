import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder a benchmark run writes its databases to, and their removal. Every measurement that
 * writes gets a new file, so no run starts from another's pages or WAL.
 */
export class ScratchFiles {
  private constructor(
    /** The folder the databases are in. */
    readonly dir: string,
    private readonly createdDir: boolean,
  ) {}

  /** Uses `dir` (created if missing) or a new temporary folder. */
  static create(dir: string | undefined): ScratchFiles {
    if (dir !== undefined) {
      mkdirSync(dir, { recursive: true });
      return new ScratchFiles(dir, false);
    }
    return new ScratchFiles(mkdtempSync(join(tmpdir(), 'oxide-mirror-bench-')), true);
  }

  /** The path of a new database named `name`; any leftover file of that name is removed first. */
  database(name: string): string {
    const path = join(this.dir, `${name}.db`);
    this.remove(path);
    return path;
  }

  /** Removes a database and its WAL and shared-memory files. */
  remove(path: string): void {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }

  /** Removes the folder if this run created it, else only the given databases. */
  cleanUp(databases: readonly string[]): void {
    if (this.createdDir) rmSync(this.dir, { recursive: true, force: true });
    else for (const path of databases) this.remove(path);
  }
}
