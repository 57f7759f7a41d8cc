import type { Database } from 'better-sqlite3';
import type { QueryParams } from '@oxide-mirror/core';

/** One instruction of a compiled statement, as `EXPLAIN` lists it. */
export interface ProgramStep {
  addr: number;
  opcode: string;
  p1: number;
  p2: number;
  p3: number;
  p4: unknown;
}

/**
 * The instructions SQLite compiled `sql` into (compiling it once more, as `EXPLAIN`, which needs
 * the statement's parameters bound but does not depend on their values).
 */
export function programOf(db: Database, sql: string, params?: QueryParams): ProgramStep[] {
  const explain = db.prepare(`EXPLAIN ${sql}`);
  return (params === undefined ? explain.all() : explain.all(params as never)) as ProgramStep[];
}

/**
 * Instructions a bounded program may hold: loads, comparisons, arithmetic, and cursor *seeks* on
 * the database's own tables. Missing on purpose: everything that steps a cursor (`Next`, `Prev`,
 * `Rewind`, `Last`, sorters, virtual tables), walks a whole b-tree in one go (`Count`), or keeps
 * state to come back to (ephemeral tables, coroutines, subroutines, row sets). An instruction not
 * named here makes a program unbounded, so a new SQLite opcode is never trusted by accident.
 * These never jump; {@link JUMPING} lists the ones that may.
 */
const STRAIGHT = [
  'Init',
  'Halt',
  'Transaction',
  'TableLock',
  'OpenRead',
  'ColumnsUsed',
  'Noop',
  'String8',
  'String',
  'Integer',
  'Int64',
  'Real',
  'Null',
  'Blob',
  'Variable',
  'SCopy',
  'Copy',
  'Move',
  'DeferredSeek',
  'IdxRowid',
  'Column',
  'Rowid',
  'NullRow',
  'ResultRow',
  'IsTrue',
  'Not',
  'And',
  'Or',
  'BitAnd',
  'BitOr',
  'BitNot',
  'ShiftLeft',
  'ShiftRight',
  'Add',
  'Subtract',
  'Multiply',
  'Divide',
  'Remainder',
  'Concat',
  'Cast',
  'Affinity',
  'RealAffinity',
  'ZeroOrNull',
  'ClrSubtype',
  'Function',
  'PureFunc',
];

/** The bounded instructions whose p2 is a jump target (0 for "no jump" where one allows it). */
const JUMPING = [
  'Goto',
  'SeekGE',
  'SeekGT',
  'SeekLE',
  'SeekLT',
  'IdxGT',
  'IdxGE',
  'IdxLT',
  'IdxLE',
  'SeekRowid',
  'NotExists',
  'Eq',
  'Ne',
  'Lt',
  'Le',
  'Gt',
  'Ge',
  'IsNull',
  'NotNull',
  'If',
  'IfNot',
  'IfPos',
  'MustBeInt',
];

const BOUNDED_OPCODES = new Set([...STRAIGHT, ...JUMPING]);
const JUMPS = new Set(JUMPING);

/**
 * Functions a bounded program may call: each returns at most a small multiple of its arguments'
 * size in time linear in it. Not here: pattern matching (`like`, `glob`: backtracking), anything
 * that builds large values from small ones (`zeroblob`, `randomblob`, `printf`, `replace`, `char`
 * over many arguments), aggregates, and every function the store adds.
 */
const BOUNDED_FUNCTIONS = new Set([
  'json_extract',
  '->',
  '->>',
  'json_type',
  'json_valid',
  'json',
  'length',
  'octet_length',
  'lower',
  'upper',
  'abs',
  'typeof',
  'instr',
  'nullif',
  'ifnull',
  'coalesce',
  'hex',
  'quote',
  'round',
  'trim',
  'ltrim',
  'rtrim',
  'substr',
  'substring',
  'unicode',
  'min',
  'max',
  'sign',
]);

/** Longer programs are not worth the check: a fast path is for short statements. */
const MAX_PROGRAM_STEPS = 256;

/** The name of the function a `Function` instruction calls: its p4 reads `json_extract(-1)`. */
function calledFunction(step: ProgramStep): string {
  return String(step.p4).replace(/\(-?\d+\)$/, '');
}

/**
 * True when `steps` is a program whose running time and result size are bounded by its own
 * length and the size of the values it reads, whatever the data: no instruction loops over rows.
 * A query process decides this once per SQL text; such statements (point lookups, above all) may
 * then run on the caller's side without a process round trip (see `BoundedQueries`).
 *
 * Two backward jumps SQLite always emits are allowed, each provably taken at most once: the jump
 * from the preamble at the end of the program back to its start, and a LEFT JOIN's pass with a
 * null row (`IfPos r` → `NullRow` → `Goto` back to the instruction that sets `r` to 1, which `IfPos`
 * never decrements).
 */
export function isBoundedProgram(steps: readonly ProgramStep[]): boolean {
  const init = steps[0];
  if (init === undefined || init.opcode !== 'Init' || steps.length > MAX_PROGRAM_STEPS)
    return false;
  const preamble = init.p2;
  const last = steps.length - 1;
  for (const step of steps) {
    if (!BOUNDED_OPCODES.has(step.opcode)) return false;
    const isCall = step.opcode === 'Function' || step.opcode === 'PureFunc';
    if (isCall && !BOUNDED_FUNCTIONS.has(calledFunction(step))) return false;
    if (step.addr === 0 || !JUMPS.has(step.opcode)) continue;
    if (step.opcode === 'Goto' && step.p2 < step.addr) {
      if (step.addr === last && step.p2 === 1 && step.addr > preamble) continue;
      if (isLeftJoinNullPass(steps, step)) continue;
      return false;
    }
    // Forward jumps only, and never from the body into the preamble (which would run it again).
    if (step.p2 === 0 && step.opcode === 'MustBeInt') continue;
    if (step.p2 <= step.addr) return false;
    if (step.addr < preamble && step.p2 >= preamble) return false;
    if (step.addr >= preamble) return false;
  }
  return true;
}

function isLeftJoinNullPass(steps: readonly ProgramStep[], jump: ProgramStep): boolean {
  const nullRow = steps[jump.addr - 1];
  const test = steps[jump.addr - 2];
  const target = steps[jump.p2];
  return (
    nullRow?.opcode === 'NullRow' &&
    test?.opcode === 'IfPos' &&
    test.p2 > jump.addr &&
    test.p3 === 0 &&
    target?.opcode === 'Integer' &&
    target.p1 === 1 &&
    target.p2 === test.p1
  );
}
