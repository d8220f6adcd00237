/**
 * One schema step. Steps only ever add (tables, nullable or defaulted columns, indexes) so
 * that instances running the previous release keep working during a rolling upgrade;
 * removals happen in a later release, once no old instance is left (expand / contract).
 */
export interface Migration {
  /** Strictly increasing, never reused. */
  version: number;
  name: string;
  /** Run in order, in one transaction, with search_path set to the store's schema. */
  statements: readonly string[];
}
