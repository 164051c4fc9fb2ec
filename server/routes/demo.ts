import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PRODUCTS = [
  { name: 'House Blend', note: 'Chocolate, hazelnut, a long sweet finish.', price: '$14' },
  { name: 'Ethiopia Guji', note: 'Bergamot, peach and jasmine. Light roast.', price: '$18' },
  { name: 'Decaf Colombia', note: 'Caramel and red apple, gently decaffeinated.', price: '$15' },
];

/** The fake shop that shows the widget working: Northwind Coffee. */
export function demoPage(workspaceId: string): string {
  const products = PRODUCTS.map(
    (p) => `      <li><h2>${p.name}</h2><p>${p.note}</p><strong>${p.price}</strong></li>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Northwind Coffee</title>
    <style>
      body { font-family: system-ui, sans-serif; margin: 0; color: #2b2118; background: #faf6f1; }
      header { padding: 2rem; background: #3b2a1e; color: #faf6f1; }
      ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 2rem; margin: 0; }
      li { background: #fff; border-radius: 8px; padding: 1rem 1.5rem; width: 16rem; }
    </style>
  </head>
  <body>
    <header>
      <h1>Northwind Coffee</h1>
      <p>Small-batch roasts, shipped the day they are roasted. Questions? Chat with us below.</p>
    </header>
    <ul>
${products}
    </ul>
    <script src="/widget.js" data-workspace="${escapeHtml(workspaceId)}" async></script>
  </body>
</html>
`;
}

/** GET /, /demo and /healthz. */
export function registerDemoRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/', (_request, reply) => reply.redirect('/demo'));
  app.get('/demo', (_request, reply) => {
    if (!ctx.demoWorkspaceId) {
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send('There is no demo shop: start the server with the demo workspace seeded.\n');
    }
    return reply.type('text/html; charset=utf-8').send(demoPage(ctx.demoWorkspaceId));
  });
}
