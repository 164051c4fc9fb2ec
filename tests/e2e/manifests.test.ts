import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The built manifests (npm test builds before this project runs): what each browser is asked for.
function manifest(target: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`.output/${target}/manifest.json`, 'utf8')) as Record<
    string,
    unknown
  >;
}

describe('built extension manifests', () => {
  it('asks Chrome only for storage, notifications and the side panel, and no host access', () => {
    const chrome = manifest('chrome-mv3');
    expect(chrome.manifest_version).toBe(3);
    expect([...(chrome.permissions as string[])].sort()).toEqual([
      'notifications',
      'sidePanel',
      'storage',
    ]);
    expect(chrome.host_permissions ?? []).toEqual([]);
    expect(chrome.side_panel).toEqual({ default_path: 'sidepanel.html' });
    expect(chrome.content_scripts ?? []).toEqual([]);
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

  it("passes Mozilla's add-on linter (web-ext lint, offline) with no errors", () => {
    const output = execFileSync(
      'npx',
      ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2', '--output', 'json', '--no-input'],
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
