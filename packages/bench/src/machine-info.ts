import { readFileSync } from 'node:fs';
import { arch, cpus, loadavg, release, totalmem, type } from 'node:os';
import Database from 'better-sqlite3';

/** The machine and runtime a benchmark ran on, printed with every report. */
export interface MachineInfo {
  os: string;
  cpu: string;
  cpuCount: number;
  memoryGb: number;
  node: string;
  betterSqlite3: string;
  sqlite: string;
  /**
   * 1-minute load average when the run ended. Above the CPU count, other work shared the machine
   * and the absolute figures are low; ratios of interleaved runs hold up better.
   */
  loadAverage: number;
}

/** The installed version of a dependency, from its package.json. */
function packageVersion(name: string): string {
  const manifest = readFileSync(require.resolve(`${name}/package.json`), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

/** Describes this machine and the SQLite the benchmark links. */
export function machineInfo(): MachineInfo {
  const processors = cpus();
  const db = new Database(':memory:');
  const sqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string;
  db.close();
  return {
    os: `${type()} ${release()} ${arch()}`,
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cpuCount: processors.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    betterSqlite3: packageVersion('better-sqlite3'),
    sqlite,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** The command that reproduces this run, as typed from the repository root. */
export function commandLine(argv: readonly string[]): string {
  const quoted = argv
    .filter((arg, index) => !(index === 0 && arg === '--'))
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`));
  return ['pnpm bench', ...quoted].join(' ');
}
