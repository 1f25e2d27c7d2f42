// Abuse limits (C6): attempts counted per 10-minute window; past the limit, 429 with the seconds left.
import { TooMany } from '../desk/errors';
import type { Deps } from '../deps';
import { countInWindow } from '../store/limits';

const WINDOW_SECONDS = 600;

/** Counts one attempt in the current 10-minute window; over the limit answers 429 with the seconds left. */
export async function countAttempt(deps: Deps, kind: string, value: string, limit: number, what = 'messages'): Promise<void> {
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const window = Math.floor(nowSeconds / WINDOW_SECONDS);
  const attempts = await countInWindow(deps.db, kind, value, window, (window + 2) * WINDOW_SECONDS);
  if (attempts > limit) {
    const retryAfter = (window + 1) * WINDOW_SECONDS - nowSeconds;
    throw new TooMany(`Too many ${what}; try again in ${Math.ceil(retryAfter / 60)} minutes.`, Math.max(1, retryAfter));
  }
}
