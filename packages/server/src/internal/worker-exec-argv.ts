/**
 * Node flags for the signing thread (the same rule as @tessera/store-sqlite's SQLite thread;
 * server may not import a store). Left to Node (undefined) unless the process runs `node -e`
 * with --input-type: the thread then inherits the process's flags and Node leaves out the
 * process-wide ones (--max-old-space-size, --perf-basic-prof), which an explicit list must not
 * contain or the thread cannot start. --input-type applies to the eval'd string only and would
 * make loading the thread's module fail, so in that case the list is given without it.
 */
export function workerExecArgv(): string[] | undefined {
  const flags = process.execArgv;
  if (!flags.some(isInputType)) return undefined;
  return flags.filter((flag) => !isInputType(flag));
}

const isInputType = (flag: string) => flag.startsWith('--input-type');
