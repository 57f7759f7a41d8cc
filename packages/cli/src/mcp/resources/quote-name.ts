/** Names SQL takes without quotes in every dialect the stores speak, keywords aside. */
const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;

/** Keywords a payload field is likely to be named after, which must be quoted to be names. */
const KEYWORDS = new Set(
  (
    'all and any as asc between by case check column constraint create cross current_date ' +
    'current_time current_timestamp default delete desc distinct else end exists foreign from ' +
    'full group having in index inner insert intersect into is join key left like limit natural ' +
    'not null offset on or order outer primary references right select set table then to ' +
    'transaction union unique update user using values when where window with'
  ).split(' '),
);

/** `name` as an SQL identifier: as it is when plain, otherwise double-quoted. */
export function quoteName(name: string): string {
  return PLAIN_NAME.test(name) && !KEYWORDS.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
