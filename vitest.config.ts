import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Three projects, all run by `npm test`:
//  - unit:   protocol, extension libraries and Vue components (jsdom, WXT fake browser, fake-indexeddb)
//  - server: the real server on an ephemeral port with a real database in a temp folder
//  - e2e:    the built extension loaded in Debian's Chromium through playwright-core
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest(), vue()],
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: [
            'tests/protocol/**/*.test.ts',
            'tests/extension/**/*.test.ts',
            'tests/widget/**/*.test.ts',
          ],
          setupFiles: ['tests/extension/setup.ts'],
          // A safety net on a loaded 2-core machine, not a speed check (speed is in bench/).
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['tests/server/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
