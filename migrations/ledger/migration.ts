/** One forward-only step. The runner applies it inside a transaction together with the version bump. */
export type Migration = {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /**
   * Tables the step rebuilds (create new, copy, drop old, rename). Such a step runs with foreign
   * keys off, as SQLite's own procedure for changing a table asks: with them on, DROP TABLE
   * deletes the old rows one by one and checks every reference to each, which takes hours on a
   * big ledger and fails on rows that reference their own table. Before the step commits, the
   * keys of these tables and of every table that references them are checked.
   */
  readonly rebuilds?: readonly string[];
};
