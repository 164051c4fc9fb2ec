import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROME_EXTENSION_DIR = resolve(process.env.RAPPORT_OUT_DIR ?? '.output', 'chrome-mv3');
export const SCREENSHOT_DIR = resolve('test-results/screenshots');

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker as it runs now (it may have been restarted). */
  worker(): Promise<Worker>;
  /** Open an extension page (e.g. 'sidepanel.html') in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  /** The profile folder (pass it to launchWithExtension again to restart the browser). */
  profileDir: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  extensionDir?: string;
  /** Reuse this profile folder (a browser restart); it is then kept on close. */
  profileDir?: string;
}

/** Debian's Chromium with the built extension loaded, in a fresh (or the given) profile. */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? CHROME_EXTENSION_DIR;
  const profile = options.profileDir ?? (await mkdtemp(join(tmpdir(), 'rapport-chromium-')));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    viewport: { width: 1200, height: 800 },
    args: [
      '--headless=new',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Functions that tsx (the bench) hands to page.evaluate refer to esbuild's __name helper.
  await context.addInitScript('globalThis.__name = (fn) => fn');
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    async worker() {
      const running = context.serviceWorkers().find((w) => w.url().includes(extensionId));
      return running ?? (await context.waitForEvent('serviceworker'));
    },
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    profileDir: profile,
    async close() {
      await context.close();
      if (!options.profileDir) await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Save a screenshot for people to look at (test-results/ is git-ignored). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
