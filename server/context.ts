import type { LoginRateLimiter } from './auth/rate-limit';
import type { WindowLimiter } from './auth/window-limit';
import type { ChatService } from './chat/chat-service';
import type { Presence } from './chat/presence';
import type { RoutingService } from './chat/routing-service';
import type { RoutingWrites } from './chat/routing-writes';
import type { RapportStorage } from './storage/storage';
import type { Hub } from './ws/hub';
import type { SocketTracker } from './ws/socket-tracker';

/** What routes and socket handlers share; built once per app in app.ts. */
export interface AppContext {
  storage: RapportStorage;
  hub: Hub;
  chat: ChatService;
  /** Routing state per workspace (R3, R8), availability (R1, R2) and the agents' routing writes. */
  routing: RoutingService;
  presence: Presence;
  routingWrites: RoutingWrites;
  limiter: LoginRateLimiter;
  /** New anonymous visitors (customers) per IP address. */
  visitorLimiter: WindowLimiter;
  sockets: SocketTracker;
  now: () => number;
  helloTimeoutMs: number;
  widgetDir: string;
  demoWorkspaceId: string | null;
}
