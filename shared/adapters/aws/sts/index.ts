/** STS: the caller's IAM identity, which the operator commands record. */
export { callerIdentity } from './caller-identity.js';
