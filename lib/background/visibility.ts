/** Without a report this long, the side panel counts as not in view. */
export const VISIBILITY_TTL_MS = 60_000;

/** What the side panel last said about being in view (it reports on change and every ~30 s). */
export class PanelVisibility {
  private visible = false;
  private reportedAt = 0;

  report(visible: boolean, now = Date.now()): void {
    this.visible = visible;
    this.reportedAt = now;
  }

  inView(now = Date.now()): boolean {
    return this.visible && now - this.reportedAt <= VISIBILITY_TTL_MS;
  }
}
