import type { LoginRateLimiter } from './auth/rate-limit';
import type { WindowLimiter } from './auth/window-limit';
import type { ChatService } from './chat/chat-service';
import type { RapportStorage } from './storage/storage';
import type { Hub } from './ws/hub';
import type { SocketTracker } from './ws/socket-tracker';

/** What routes and socket handlers share; built once per app in app.ts. */
export interface AppContext {
  storage: RapportStorage;
  hub: Hub;
  chat: ChatService;
  limiter: LoginRateLimiter;
  /** New anonymous visitors (customers) per IP address. */
  visitorLimiter: WindowLimiter;
  sockets: SocketTracker;
  now: () => number;
  helloTimeoutMs: number;
  widgetDir: string;
  demoWorkspaceId: string | null;
}
