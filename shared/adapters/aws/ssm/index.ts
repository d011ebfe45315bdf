/**
 * SSM Parameter Store adapters: the policy source the functions read (cached, last known good) and
 * the policy store the CLI writes.
 */
export { createSsmClient, DEFAULT_POLICY_PREFIX } from './client.js';
export { SsmPolicySource } from './policy-source.js';
export { SsmPolicyStore } from './policy-store.js';
export { createSecureStringReader } from './secure-string.js';
