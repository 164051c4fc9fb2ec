import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../context';
import { NotFoundError } from '../errors';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The frame page runs inside any customer's site, talking only to this server. */
const FRAME_CSP = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
const NOT_BUILT = 'The widget is not built: run npm run build:widget, then reload this page.\n';

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function sendWidgetFile(ctx: AppContext, name: string, reply: FastifyReply): Promise<void> {
  const type = CONTENT_TYPES[path.extname(name)];
  if (!SAFE_NAME.test(name) || !type) throw new NotFoundError(`The widget file ${name}`);
  let body: Buffer;
  try {
    body = await readFile(path.join(ctx.widgetDir, name));
  } catch (error) {
    if (!isMissing(error)) throw error;
    // A built widget without this file is a wrong name; no widget.js means no build at all.
    const built = await readFile(path.join(ctx.widgetDir, 'widget.js')).then(
      () => true,
      () => false,
    );
    if (built) throw new NotFoundError(`The widget file ${name}`);
    await reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return;
  }
  reply.type(type).header('Cache-Control', 'no-cache').header('X-Content-Type-Options', 'nosniff');
  if (name.endsWith('.html')) reply.header('Content-Security-Policy', FRAME_CSP);
  await reply.send(body);
}

/** GET /widget.js (the loader a site embeds) and GET /widget/:file (the frame and its assets). */
export function registerWidgetRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/widget.js', (_request, reply) => sendWidgetFile(ctx, 'widget.js', reply));
  app.get<{ Params: { file: string } }>('/widget/:file', (request, reply) =>
    sendWidgetFile(ctx, request.params.file, reply),
  );
}
