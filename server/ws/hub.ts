import type { AgentServerFrame, VisitorServerFrame } from '../../protocol';

/** Something that happened in a workspace, addressed to its agents or to one customer's sockets. */
export type HubEvent =
  | { to: 'agents'; frame: AgentServerFrame }
  | {
      to: 'customer';
      customerId: string;
      frame: VisitorServerFrame;
      /** The visitor connection that caused the event; it already got an ack. */
      exceptConnectionId?: string;
    }
  /** A signed-out session: its sockets close with 4000 'unauthorized'. */
  | { to: 'session-revoked'; tokenHash: string }
  /**
   * Visitor sockets whose customer was merged into another (`customerId`) or whose token now
   * stands for another customer (`tokenHash`): they close so the widget reconnects as that one.
   */
  | { to: 'visitor-moved'; customerId: string }
  | { to: 'visitor-moved'; tokenHash: string };

export type HubListener = (event: HubEvent) => void;

/**
 * Fan-out per workspace. Events are plain JSON so a Redis pub/sub implementation can replace the
 * in-process one when several server instances run.
 */
export interface Hub {
  publish(workspaceId: string, event: HubEvent): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(workspaceId: string, listener: HubListener): () => void;
}

export class InProcessHub implements Hub {
  private readonly listeners = new Map<string, Set<HubListener>>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  publish(workspaceId: string, event: HubEvent): Promise<void> {
    for (const listener of [...(this.listeners.get(workspaceId) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
    return Promise.resolve();
  }

  subscribe(workspaceId: string, listener: HubListener): () => void {
    let set = this.listeners.get(workspaceId);
    if (!set) {
      set = new Set();
      this.listeners.set(workspaceId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(workspaceId);
    };
  }
}
