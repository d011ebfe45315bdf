/**
 * Where the reconcile sweep stopped: every FAILED job of the watched queues up to this position was
 * checked. Positions are ordered by time, then job id, so a sweep cut short between two jobs that
 * stopped in the same millisecond resumes exactly between them.
 */
export interface SweepPosition {
  /** Epoch ms: a job's `stoppedAt` (else its `createdAt`). */
  readonly at: number;
  /** The last job checked at `at`; `''` when every job at `at` was checked. */
  readonly jobId: string;
}

/** The stored cursor: its position and the version every write increments. */
export interface SweepCursor {
  readonly position: SweepPosition;
  readonly version: number;
}

/** The reconcile sweep's cursor, kept in the ledger table so that it survives restarts. */
export interface SweepCursorPort {
  /** The stored cursor, read consistently; undefined before the first sweep. */
  read(): Promise<SweepCursor | undefined>;
  /**
   * Stores `position` if the cursor still has version `expectedVersion` (undefined: none is stored
   * yet). False, writing nothing, when another sweep moved it first.
   */
  advance(position: SweepPosition, expectedVersion: number | undefined): Promise<boolean>;
}
