import type { FastifyInstance } from 'fastify';

/** The extension calls the API from its own origin; no web page origin is allowed. */
export function isExtensionOrigin(origin: string | undefined): origin is string {
  return (
    origin !== undefined &&
    (origin.startsWith('chrome-extension://') || origin.startsWith('moz-extension://'))
  );
}

/**
 * CORS for the agent extension: echo `chrome-extension://…` and `moz-extension://…` origins,
 * answer their preflights, and give other origins no CORS headers (so browsers block them).
 * No cookies are used, so credentials are never allowed.
 */
export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    reply.header('Vary', 'Origin');
    if (isExtensionOrigin(origin)) reply.header('Access-Control-Allow-Origin', origin);
  });

  app.options('/*', async (request, reply) => {
    const origin = request.headers.origin;
    if (!isExtensionOrigin(origin)) return reply.code(204).send();
    return reply
      .code(204)
      .header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
      .header('Access-Control-Allow-Headers', 'Authorization, Content-Type')
      .header('Access-Control-Max-Age', '600')
      .send();
  });
}
