import type { LoadedPolicy } from '../policy/select.js';

/** Where the policies come from: SSM on AWS, files in the CLI and the simulator, memory in tests. */
export interface PolicySource {
  /** Every policy currently in force. May serve a cached or last-known-good copy. */
  load(): Promise<readonly LoadedPolicy[]>;
}
