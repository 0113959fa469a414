/** One forward-only step. The runner applies it inside a transaction together with the version bump. */
export type Migration = {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
};
