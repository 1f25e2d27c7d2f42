// vitest: shared stand-ins from the global setup; each test file runs its own desk on its own table and bucket.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 3,
    testTimeout: 30_000,
    // A file's desk (table, bucket, first admin, sign-ins) can take a minute to set up on two busy cores.
    hookTimeout: 180_000,
    // Pages are awaited with expect.poll: on two busy cores a page can take seconds to show its answer.
    expect: { poll: { timeout: 15_000, interval: 50 } },
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
