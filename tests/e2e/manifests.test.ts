import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The built manifests (npm test builds before this project runs): what each browser is asked for.
// RAPPORT_OUT_DIR: the build folder, as in wxt.config.ts and ./browser.ts.
const OUT_DIR = resolve(process.env.RAPPORT_OUT_DIR ?? '.output');

function manifest(target: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${OUT_DIR}/${target}/manifest.json`, 'utf8')) as Record<
    string,
    unknown
  >;
}

describe('built extension manifests', () => {
  it('asks Chrome only for storage, notifications, activeTab and the side panel, and no host access', () => {
    const chrome = manifest('chrome-mv3');
    expect(chrome.manifest_version).toBe(3);
    expect([...(chrome.permissions as string[])].sort()).toEqual([
      'activeTab',
      'notifications',
      'sidePanel',
      'storage',
    ]);
    expect(chrome.host_permissions ?? []).toEqual([]);
    expect(chrome.side_panel).toEqual({ default_path: 'sidepanel.html' });
    // The one content script: macros on web pages (lib/overlay), in every frame.
    expect(chrome.content_scripts).toEqual([
      expect.objectContaining({
        matches: ['<all_urls>'],
        all_frames: true,
        match_about_blank: true,
        js: ['content-scripts/overlay.js'],
      }),
    ]);
  });

  it('gives Firefox a sidebar, a gecko id, a minimum version and data-collection permissions', () => {
    const firefox = manifest('firefox-mv2');
    expect(firefox.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html' });
    const gecko = (firefox.browser_specific_settings as { gecko: Record<string, unknown> }).gecko;
    expect(gecko.id).toBe('rapport@rapport.chat');
    expect(Number.parseFloat(String(gecko.strict_min_version))).toBeGreaterThanOrEqual(140);
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
    expect(firefox.permissions as string[]).not.toContain('sidePanel');
  });

  it('declares the palette command and ships the palette UI the overlay imports on first use', () => {
    for (const target of ['chrome-mv3', 'firefox-mv2']) {
      expect(manifest(target).commands).toEqual({
        'open-macro-palette': {
          suggested_key: { default: 'Ctrl+Shift+Space', mac: 'Command+Shift+Space' },
          description: 'Open the macro palette at the caret',
        },
      });
      const ui = `${OUT_DIR}/${target}/overlay-ui.js`;
      expect(existsSync(ui)).toBe(true);
      expect(readFileSync(ui, 'utf8')).toMatch(/export\s*\{[^}]*\boverlayUi\b[^}]*\}/);
    }
    expect(manifest('chrome-mv3').web_accessible_resources).toContainEqual({
      resources: ['overlay-ui.js'],
      matches: ['<all_urls>'],
      use_dynamic_url: true,
    });
    expect(manifest('firefox-mv2').web_accessible_resources).toContain('overlay-ui.js');
  });

  it('O5: gives Chrome the managed-storage schema of the admin policies (Firefox has no such key)', () => {
    const chrome = manifest('chrome-mv3');
    expect(chrome.storage).toEqual({ managed_schema: 'managed-schema.json' });
    const schema = JSON.parse(
      readFileSync(`${OUT_DIR}/chrome-mv3/managed-schema.json`, 'utf8'),
    ) as { type: string; properties: Record<string, { type: string; items: { type: string } }> };
    expect(schema.type).toBe('object');
    for (const policy of ['recognitionOffByDefault', 'macrosOffByDefault']) {
      expect(schema.properties[policy]).toMatchObject({ type: 'array', items: { type: 'string' } });
    }
    expect(manifest('firefox-mv2').storage).toBeUndefined();
  });

  it("passes Mozilla's add-on linter (web-ext lint, offline) with no errors", () => {
    const output = execFileSync(
      'npx',
      [
        'web-ext',
        'lint',
        '--source-dir',
        `${OUT_DIR}/firefox-mv2`,
        '--output',
        'json',
        '--no-input',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    const report = JSON.parse(output) as {
      summary: { errors: number };
      errors: { code: string; message: string }[];
    };
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });
});
