import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/module-vue'],
  // Explicit imports everywhere: the same code reads the same in the extension, server and tests.
  imports: false,
  // RAPPORT_OUT_DIR lets parallel work build into its own folder (tests read the same variable).
  outDir: process.env.RAPPORT_OUT_DIR ?? '.output',
  manifest: ({ browser }) => ({
    name: 'Rapport',
    description: 'Live chat for support agents: several chats at once, beside any page.',
    permissions: ['storage', 'notifications', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // No host permissions: the server answers CORS for extension origins.
    action: { default_title: 'Rapport' },
    browser_specific_settings:
      browser === 'firefox'
        ? {
            gecko: {
              id: 'rapport@rapport.chat',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
          }
        : undefined,
  }),
});
