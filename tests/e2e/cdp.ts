import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';

// Chrome DevTools Protocol helpers for the extension's service worker: network emulation and
// stopping the worker, as a browser does to an idle MV3 worker.

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

async function browserSession(browser: ExtensionBrowser): Promise<CDPSession> {
  const chromium = browser.context.browser();
  if (!chromium) throw new Error('no browser-level CDP session for this context');
  return chromium.newBrowserCDPSession();
}

async function workerTarget(cdp: CDPSession, extensionId: string): Promise<TargetInfo> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
  const target = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
  if (!target) throw new Error('the extension service worker is not running');
  return target;
}

/** Send one command to a target through a non-flat attachment and wait for its answer. */
async function sendToTarget(
  cdp: CDPSession,
  sessionId: string,
  method: string,
  params: object,
): Promise<void> {
  const id = Math.floor(Math.random() * 1e9);
  const answered = new Promise<void>((resolve, reject) => {
    const onMessage = (event: { sessionId: string; message: string }) => {
      const reply = JSON.parse(event.message) as { id?: number; error?: { message: string } };
      if (event.sessionId !== sessionId || reply.id !== id) return;
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
      else resolve();
    };
    cdp.on('Target.receivedMessageFromTarget', onMessage);
  });
  await cdp.send('Target.sendMessageToTarget', {
    sessionId,
    message: JSON.stringify({ id, method, params }),
  });
  await answered;
}

export interface WorkerNetwork {
  /** Emulate the service worker's network being offline (true) or back (false). */
  setOffline(offline: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Attach to the extension's service worker for network emulation (one attachment, kept). */
export async function emulateWorkerNetwork(browser: ExtensionBrowser): Promise<WorkerNetwork> {
  const cdp = await browserSession(browser);
  const target = await workerTarget(cdp, browser.extensionId);
  const { sessionId } = (await cdp.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  })) as { sessionId: string };
  await sendToTarget(cdp, sessionId, 'Network.enable', {});
  return {
    setOffline: (offline) =>
      sendToTarget(cdp, sessionId, 'Network.emulateNetworkConditions', {
        offline,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      }),
    close: () => cdp.detach(),
  };
}

/**
 * Stop the extension's service worker, as Chrome does to an idle MV3 worker, through the
 * ServiceWorker domain of an extension page. Resolves once Chrome reports it stopped.
 */
export async function stopWorker(browser: ExtensionBrowser, page: Page): Promise<void> {
  const cdp = await browser.context.newCDPSession(page);
  try {
    const script = `chrome-extension://${browser.extensionId}/background.js`;
    let versionId: string | undefined;
    let status = '';
    const changed = new Set<() => void>();
    cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
      for (const version of event.versions) {
        if (version.scriptURL !== script) continue;
        versionId = version.versionId;
        status = version.runningStatus;
      }
      for (const wake of changed) wake();
    });
    const until = (check: () => boolean) =>
      new Promise<void>((resolve) => {
        const test = () => {
          if (!check()) return;
          changed.delete(test);
          resolve();
        };
        changed.add(test);
        test();
      });
    await cdp.send('ServiceWorker.enable');
    await until(() => versionId !== undefined);
    await cdp.send('ServiceWorker.stopWorker', { versionId: versionId! });
    await until(() => status === 'stopped');
  } finally {
    await cdp.detach();
  }
}
