import { sendMessage } from '../../lib/messaging';

/** A page reports the agent's activity at most this often (the background sends every 25 s). */
export const ACTIVITY_REPORT_EVERY_MS = 20_000;

let lastReportAt = -Infinity;

/**
 * The agent did something here (typed in the composer, selected a conversation, opened the popup):
 * tell the background, which tells the server they are not idle (R2). At most one request per
 * ACTIVITY_REPORT_EVERY_MS from this page; a page merely being in view reports nothing.
 */
export function reportActivity(now = Date.now()): void {
  if (now - lastReportAt < ACTIVITY_REPORT_EVERY_MS) return;
  lastReportAt = now;
  void sendMessage('agent.activity');
}

/** Forget the last report, so the next activity is reported at once (tests). */
export function resetActivityReport(): void {
  lastReportAt = -Infinity;
}
