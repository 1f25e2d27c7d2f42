// Deps whose client stops before one chosen command until the test lets it go: a race played step by step, not by timing.
import { loadConfig } from '../../functions/config';
import { createDeps } from '../../functions/clients';
import type { Deps } from '../../functions/deps';

export interface Held {
  deps: Deps;
  /** Resolves when the chosen command is about to be sent (it waits until `release`). */
  reached: Promise<void>;
  release(): void;
}

/**
 * The first command of `client` that `matches` picks waits for `release()`; every other one goes through.
 * `before` runs just before that command is sent, after the release (e.g. to swap an object under it).
 */
export function holdBefore(client: 'db' | 's3', matches: (command: object) => boolean): Held {
  const deps = createDeps(loadConfig());
  const target = client === 'db' ? deps.db.doc : deps.s3;
  const send = target.send.bind(target) as (c: object) => Promise<unknown>;
  let reach!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((r) => (reach = r));
  const released = new Promise<void>((r) => (release = r));
  let held = false;
  (target as { send: unknown }).send = async (command: object) => {
    if (!held && matches(command)) {
      held = true;
      reach();
      await released;
    }
    return send(command);
  };
  return { deps, reached, release };
}
