import type { AgentAvailability } from '../../protocol';
import type { RoutingService } from './routing-service';

/** Every connection of an agent gone this long: offline (R1). */
export const DEFAULT_OFFLINE_GRACE_MS = 60_000;
/** No activity from the agent's side panel, popup or composer this long: away (R2). */
export const DEFAULT_IDLE_AWAY_MS = 10 * 60_000;

export interface PresenceOptions {
  offlineGraceMs: number;
  idleAwayMs: number;
  now: () => number;
  onError(error: unknown): void;
}

interface AgentPresence {
  workspaceId: string;
  connections: number;
  lastActivityAt: number;
  /** Set when the server made the agent away for idleness: activity makes them online again. */
  autoAway: boolean;
  graceTimer: ReturnType<typeof setTimeout> | null;
}

/**
 * Availability from connections and activity (SPEC R1, R2). An agent whose every socket has been
 * gone for the grace period goes offline (routing hands their conversations on); a socket coming
 * back restores the status they chose. An agent with a socket but no activity for the idle time
 * goes away, and the next activity brings them back online unless they chose away themselves.
 * Each change is a routing write (R3), so it is in the sync log like any agent change.
 */
export class Presence {
  private readonly agents = new Map<string, AgentPresence>();
  private readonly idleTimer: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(
    private readonly routing: RoutingService,
    private readonly options: PresenceOptions,
  ) {
    const every = Math.max(50, Math.min(options.idleAwayMs / 4, 30_000));
    this.idleTimer = setInterval(() => this.checkIdle(), every);
    this.idleTimer.unref?.();
  }

  private entry(workspaceId: string, agentId: string): AgentPresence {
    let entry = this.agents.get(agentId);
    if (!entry) {
      entry = {
        workspaceId,
        connections: 0,
        lastActivityAt: this.options.now(),
        autoAway: false,
        graceTimer: null,
      };
      this.agents.set(agentId, entry);
    }
    return entry;
  }

  /** A socket of the agent said hello: back to their chosen status when offline. */
  async connected(workspaceId: string, agentId: string): Promise<AgentAvailability | null> {
    const entry = this.entry(workspaceId, agentId);
    entry.connections += 1;
    entry.lastActivityAt = this.options.now();
    if (entry.graceTimer) clearTimeout(entry.graceTimer);
    entry.graceTimer = null;
    const result = await this.routing.write(
      workspaceId,
      { agent: { id: agentId, status: 'chosen', ifStatus: 'offline' } },
      (current) =>
        current.agent ? { type: 'agent.status', agentId, status: current.agent.status } : null,
    );
    return result.status === 'done' || result.status === 'unchanged'
      ? (result.agent?.status ?? null)
      : null;
  }

  /** A socket of the agent closed: offline after the grace period if it was the last one. */
  disconnected(workspaceId: string, agentId: string): void {
    const entry = this.entry(workspaceId, agentId);
    entry.connections = Math.max(0, entry.connections - 1);
    if (entry.connections === 0) this.scheduleOffline(workspaceId, agentId);
  }

  /** Agents routing holds as present (at start): offline after the grace unless they connect. */
  loaded(workspaceId: string, agentIds: string[]): void {
    for (const agentId of agentIds) {
      const entry = this.entry(workspaceId, agentId);
      if (entry.connections === 0 && !entry.graceTimer) this.scheduleOffline(workspaceId, agentId);
    }
  }

  /** The agent chose a status: automatic away ends. */
  chose(workspaceId: string, agentId: string): void {
    const entry = this.entry(workspaceId, agentId);
    entry.autoAway = false;
    entry.lastActivityAt = this.options.now();
  }

  /** The side panel or popup is in use, or the agent typed or sent something. */
  async activity(workspaceId: string, agentId: string): Promise<void> {
    const entry = this.entry(workspaceId, agentId);
    entry.lastActivityAt = this.options.now();
    if (!entry.autoAway) return;
    entry.autoAway = false;
    await this.routing.write(
      workspaceId,
      { agent: { id: agentId, status: 'chosen', ifStatus: 'away' } },
      (current) =>
        current.agent ? { type: 'agent.status', agentId, status: current.agent.status } : null,
    );
  }

  private scheduleOffline(workspaceId: string, agentId: string): void {
    const entry = this.entry(workspaceId, agentId);
    if (this.closed) return;
    if (entry.graceTimer) clearTimeout(entry.graceTimer);
    entry.graceTimer = setTimeout(() => {
      entry.graceTimer = null;
      if (entry.connections > 0 || this.closed) return;
      this.routing
        .write(workspaceId, { agent: { id: agentId, status: 'offline' } }, (current) =>
          current.agent ? { type: 'agent.status', agentId, status: 'offline' } : null,
        )
        .catch((error: unknown) => this.options.onError(error));
    }, this.options.offlineGraceMs);
    entry.graceTimer.unref?.();
  }

  private checkIdle(): void {
    const now = this.options.now();
    for (const [agentId, entry] of this.agents) {
      if (entry.connections === 0 || entry.autoAway) continue;
      if (now - entry.lastActivityAt < this.options.idleAwayMs) continue;
      entry.autoAway = true;
      this.routing
        .write(
          entry.workspaceId,
          { agent: { id: agentId, status: 'away', ifStatus: 'online' } },
          (current) => (current.agent ? { type: 'agent.status', agentId, status: 'away' } : null),
        )
        .then((result) => {
          // Away by choice (or offline) already: nothing to undo; check again after another idle time.
          if (result.status !== 'done') {
            entry.autoAway = false;
            entry.lastActivityAt = this.options.now();
          }
        })
        .catch((error: unknown) => this.options.onError(error));
    }
  }

  /** Stop every timer (the server is closing); in-flight writes finish on their own. */
  close(): void {
    this.closed = true;
    clearInterval(this.idleTimer);
    for (const entry of this.agents.values()) if (entry.graceTimer) clearTimeout(entry.graceTimer);
  }
}
