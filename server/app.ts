import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { DEFAULT_LOGIN_LIMITS, LoginRateLimiter, type LoginLimits } from './auth/rate-limit';
import { DEFAULT_NEW_VISITOR_LIMITS, WindowLimiter, type WindowLimits } from './auth/window-limit';
import { ChatService } from './chat/chat-service';
import { DEFAULT_IDLE_AWAY_MS, DEFAULT_OFFLINE_GRACE_MS, Presence } from './chat/presence';
import { RoutingService } from './chat/routing-service';
import { RoutingWrites } from './chat/routing-writes';
import { DEFAULT_WIDGET_DIR } from './config';
import type { AppContext } from './context';
import { registerErrorHandlers } from './http-errors';
import { registerAdminAgentRoutes } from './routes/admin-agents';
import { registerAuthRoutes } from './routes/auth';
import { registerConversationRoutes } from './routes/conversations';
import { registerCors } from './routes/cors';
import { registerCustomerRoutes } from './routes/customers';
import { registerDemoRoutes } from './routes/demo';
import { registerIdentityRoutes } from './routes/identity';
import { registerMacroRoutes } from './routes/macros';
import { registerSyncRoutes } from './routes/sync';
import { registerVisitorRoutes } from './routes/visitor';
import { registerWidgetRoutes } from './routes/widget';
import type { RapportStorage } from './storage/storage';
import { registerAgentSocket } from './ws/agent-socket';
import { InProcessHub, type Hub } from './ws/hub';
import { SocketTracker } from './ws/socket-tracker';
import { registerVisitorSocket } from './ws/visitor-socket';

/** Largest REST body accepted. */
export const BODY_LIMIT_BYTES = 64 * 1024;
/** ws refuses frames above this itself (closing the socket); between MAX_FRAME_BYTES and this the
 * app answers with a `frame_too_large` error frame and keeps the socket open. */
export const WS_MAX_PAYLOAD_BYTES = 1024 * 1024;
export const DEFAULT_HELLO_TIMEOUT_MS = 10_000;

export interface AppOptions {
  storage: RapportStorage;
  logger?: FastifyServerOptions['logger'];
  hub?: Hub;
  widgetDir?: string;
  /** The workspace /demo embeds the widget for; null shows a "no demo" page. */
  demoWorkspaceId?: string | null;
  loginLimits?: Partial<LoginLimits>;
  newVisitorLimits?: Partial<WindowLimits>;
  helloTimeoutMs?: number;
  now?: () => number;
  /** Every connection of an agent gone this long: offline (R1). Default 60 s. */
  offlineGraceMs?: number;
  /** No activity from an agent this long: away (R2). Default 10 minutes. */
  idleAwayMs?: number;
}

/**
 * The HTTP + WebSocket app, not listening yet. It does not own `storage`: whoever opened it closes
 * it after `app.close()`. Closing the app stops new connections, lets in-flight requests and frames
 * finish (acks are sent after commit), then closes sockets with 1012.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT_BYTES });
  const now = options.now ?? Date.now;
  const hub =
    options.hub ?? new InProcessHub((err) => app.log.error({ err }, 'hub listener failed'));
  const sockets = new SocketTracker();
  const chat = new ChatService({ storage: options.storage, hub, now, routing: () => routing });
  const routing: RoutingService = new RoutingService({
    storage: options.storage,
    hub,
    log: app.log,
    publishChanges: (workspaceId, changes) => chat.publishChanges(workspaceId, changes),
    onLoaded: (workspaceId, agentIds) => presence.loaded(workspaceId, agentIds),
  });
  const presence = new Presence(routing, {
    offlineGraceMs: options.offlineGraceMs ?? DEFAULT_OFFLINE_GRACE_MS,
    idleAwayMs: options.idleAwayMs ?? DEFAULT_IDLE_AWAY_MS,
    now,
    onError: (err) => app.log.error({ err }, 'availability change failed'),
  });
  const routingWrites = new RoutingWrites(routing, presence, async (workspaceId, id) => {
    const agent = await options.storage.getAgent(workspaceId, id);
    return agent?.name ?? null;
  });
  app.addHook('onClose', async () => presence.close());
  const ctx: AppContext = {
    storage: options.storage,
    hub,
    chat,
    routing,
    presence,
    routingWrites,
    limiter: new LoginRateLimiter({ ...DEFAULT_LOGIN_LIMITS, ...options.loginLimits }),
    visitorLimiter: new WindowLimiter({
      ...DEFAULT_NEW_VISITOR_LIMITS,
      ...options.newVisitorLimits,
    }),
    sockets,
    now,
    helloTimeoutMs: options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS,
    widgetDir: options.widgetDir ?? DEFAULT_WIDGET_DIR,
    demoWorkspaceId: options.demoWorkspaceId ?? null,
  };

  registerErrorHandlers(app, BODY_LIMIT_BYTES);
  registerCors(app);
  await app.register(websocket, {
    options: { maxPayload: WS_MAX_PAYLOAD_BYTES },
    preClose: async function closeSockets(this: FastifyInstance) {
      await sockets.closeAll();
      await new Promise<void>((resolve) => this.websocketServer.close(() => resolve()));
    },
  });

  registerAuthRoutes(app, ctx);
  registerAdminAgentRoutes(app, ctx);
  registerConversationRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerMacroRoutes(app, ctx);
  registerVisitorRoutes(app, ctx);
  registerIdentityRoutes(app, ctx);
  registerCustomerRoutes(app, ctx);
  registerWidgetRoutes(app, ctx);
  registerDemoRoutes(app, ctx);
  registerAgentSocket(app, ctx);
  registerVisitorSocket(app, ctx);
  return app;
}
