/**
 * Words people and tools use in CancelJob/TerminateJob reasons (Nextflow's "Job killed by NF", Step
 * Functions, Airflow, on-call notes): a free-text job reason that uses one is a cancel.
 */
export const CANCEL_WORDS =
  /\b(cancel+(ed|ing)?|terminat(e|ed|ing|ion)|kill(ed)?|abort(ed)?|stop(ped)?|user|manual(ly)?|operator|by request)\b/i;
