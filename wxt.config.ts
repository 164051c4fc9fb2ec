import { defineConfig } from 'wxt';
import { OVERLAY_UI_FILE, overlayUiHooks } from './scripts/overlay-ui-build';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/module-vue'],
  // Explicit imports everywhere: the same code reads the same in the extension, server and tests.
  imports: false,
  // RAPPORT_OUT_DIR lets parallel work build into its own folder (tests read the same variable).
  outDir: process.env.RAPPORT_OUT_DIR ?? '.output',
  // overlay-ui.js: the on-page macro palette, loaded by the overlay content script on first use.
  hooks: overlayUiHooks,
  manifest: ({ browser }) => ({
    name: 'Rapport',
    description: 'Live chat for support agents: several chats at once, beside any page.',
    // activeTab: clicking the toolbar button lets the popup read the current tab's address, for
    // its "Macros on this site" switch (no access to any tab's address otherwise).
    permissions: [
      'storage',
      'notifications',
      'activeTab',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // Enterprise policy (SPEC O4): the sites where recognition or macros are off by default.
    // Chrome validates managed storage against this schema; Firefox takes policies from a
    // native managed-storage manifest and has no such key.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
    // No host permissions: the server answers CORS for extension origins.
    action: { default_title: 'Rapport' },
    commands: {
      'open-macro-palette': {
        suggested_key: { default: 'Ctrl+Shift+Space', mac: 'Command+Shift+Space' },
        description: 'Open the macro palette at the caret',
      },
    },
    // The content script imports the palette UI from here. A dynamic URL (Chrome) changes every
    // session, so pages cannot use the file to detect the extension.
    web_accessible_resources: [
      {
        resources: [OVERLAY_UI_FILE],
        matches: ['<all_urls>'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
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
