import { AgentServerFrameSchema, type AgentServerFrame } from '../../protocol';

/** The part of the DOM WebSocket the connection uses, so tests can inject a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketConstructor = new (url: string) => SocketLike;

export const SOCKET_OPEN = 1;

/** The agent socket's address for a server address: http → ws, https → wss. */
export function agentSocketUrl(serverUrl: string): string {
  return `${serverUrl.replace(/^http/, 'ws')}/ws/agent`;
}

/** A frame from the server, or null (logged) when it is not JSON or not in the protocol. */
export function parseServerFrame(data: unknown): AgentServerFrame | null {
  let json: unknown;
  try {
    json = JSON.parse(String(data));
  } catch {
    json = undefined;
  }
  const parsed = AgentServerFrameSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  console.warn('Rapport ignored a frame it does not understand:', data);
  return null;
}
