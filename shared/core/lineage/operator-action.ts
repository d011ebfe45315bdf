/**
 * One thing a person did to a lineage with the operator commands, kept on the lineage item (its
 * audit trail): who (their IAM identity, from STS GetCallerIdentity), when, what and why.
 */
export interface OperatorAction {
  /** RETRY: one more attempt, or a scheduled retry brought forward. CANCEL: a scheduled retry stopped. */
  readonly action: 'RETRY' | 'CANCEL';
  /** The caller's IAM identity: an ARN such as `arn:aws:sts::123456789012:assumed-role/oncall/alice`. */
  readonly by: string;
  /** Epoch ms. */
  readonly at: number;
  /** Why, as the person wrote it (`--reason`), at most 512 characters. */
  readonly reason: string;
  /** The failed job whose retry the action is about. */
  readonly failedJobId: string;
  /** RETRY: epoch ms from which the resubmission may be submitted. */
  readonly dueAt?: number;
}
