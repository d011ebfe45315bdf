import type { LoadedPolicy } from '#core/policy/index.js';
import type { PolicySource } from '#core/ports/index.js';

/** Policies held in memory (the simulator, the CLI, tests): always the same list. */
export class InMemoryPolicySource implements PolicySource {
  readonly #policies: readonly LoadedPolicy[];

  constructor(policies: readonly LoadedPolicy[]) {
    this.#policies = [...policies];
  }

  async load(): Promise<readonly LoadedPolicy[]> {
    return this.#policies;
  }
}
