import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Agent,
  ConversationListResponse,
  CustomerProfileResponse,
  IdentitySecretResponse,
  LoginResponse,
} from '../../protocol';
import { hashPassword } from '../../server/auth/password';
import { startServer, type RunningServer } from '../../server/start';
import { openSqliteStorage } from '../../server/storage/sqlite';
import { CHROMIUM, launchWithExtension, saveScreenshot, type ExtensionBrowser } from './browser';
import {
  agentWrites,
  customerWrites,
  expectText,
  openWidget,
  panelTexts,
  signIn,
  widgetOf,
  widgetTexts,
  type Account,
} from './flows';
import { pollUntil } from './poll';

// Issue 5, part 6 (SPEC I1, I2, I4, R3, R4): a customer identified with a valid hash returns in a
// fresh browser profile and is routed to the agent they talked with, whose side panel shows the
// history; a forged hash shows nothing of it. Two agents: Ana (2 chat slots, signed in to the
// extension) and Ben (4 slots, online through the API only). The first conversation reaches Ana
// while Ben is away; when the customer returns Ben is online with more free slots, so only the
// familiar-agent rule (a) can send them to Ana.

const CUSTOMER = { id: 'cust-42', email: 'casey@example.com', name: 'Casey Customer' };
const FIRST = 'Hi, my order #1042 has not arrived';
const REPLY = 'Hello from Ana';
const BACK = "I'm back";
const FORGED_TEXT = 'Who am I?';
const PASSWORD = 'a long test password';

interface Api {
  token: string;
  agent: Agent;
}

/** A site with the widget on its account page; its backend signs the user id (README). */
interface Site {
  url: string;
  close(): Promise<void>;
}

function sitePage(serverUrl: string, workspaceId: string, user: object): string {
  const json = JSON.stringify(user).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Your account — Northwind Coffee</title></head>
  <body>
    <h1>Your account</h1>
    <p>Signed in as ${CUSTOMER.name}.</p>
    <script>
      window.Rapport = window.Rapport || {
        q: [],
        identify: function (u) { this.q.push(['identify', u]); },
      };
      Rapport.identify(${json});
    </script>
    <script src="${serverUrl}/widget.js" data-workspace="${workspaceId}" async></script>
  </body>
</html>
`;
}

/** /account: cust-42 with the hash the site computes; /account?forged: a hash made up in the page. */
async function startSite(
  serverUrl: string,
  workspaceId: string,
  hashes: { valid: string; forged: string },
): Promise<Site> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://site');
    if (url.pathname !== '/account') {
      response.writeHead(404).end();
      return;
    }
    const hash = url.searchParams.has('forged') ? hashes.forged : hashes.valid;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(sitePage(serverUrl, workspaceId, { ...CUSTOMER, hash }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

describe('a verified customer returns to their agent in real Chromium', () => {
  let dataDir: string;
  let server: RunningServer;
  let site: Site;
  let agentBrowser: ExtensionBrowser;
  /** Customers' Chromium, without the extension; each context is a fresh profile. */
  let customers: Browser;
  let panel: Page;
  let admin: Api;
  let ana: Api;
  let ben: Api;
  /** cust-42's customer id, once their first conversation exists. */
  let knownCustomerId: string;
  let firstConversationId: string;

  async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as T;
  }

  async function login(email: string, password: string): Promise<Api> {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(`login ${email}: ${response.status}`);
    const { token, agent } = (await response.json()) as LoginResponse;
    return { token, agent };
  }

  const conversations = () =>
    call<ConversationListResponse>(admin.token, 'GET', '/api/conversations');

  /** The conversation whose latest message is `preview`, once the server has it. */
  async function conversationWith(preview: string) {
    const list = await pollUntil(
      conversations,
      (l) => l.conversations.some((c) => c.lastMessagePreview === preview),
      `a conversation ending with ${JSON.stringify(preview)}`,
    );
    const conversation = list.conversations.find((c) => c.lastMessagePreview === preview)!;
    const customer = list.customers.find((c) => c.id === conversation.customerId);
    return { conversation, customer, list };
  }

  /** A fresh profile opens the site's account page with the chat window open. */
  async function freshProfile(query = ''): Promise<{ context: BrowserContext; page: Page }> {
    const context = await customers.newContext({ viewport: { width: 1000, height: 760 } });
    const page = await context.newPage();
    await page.goto(`${site.url}/account${query}`);
    await openWidget(page);
    return { context, page };
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rapport-e2e-identify-'));
    // Ben is online through the API only (no socket): keep the offline grace (R1) out of the way.
    server = await startServer({ port: 0, dataDir, logger: false, offlineGraceMs: 10 * 60_000 });
    if (!server.demo?.password) throw new Error('the demo admin was not created on first start');
    const workspaceId = server.demo.workspaceId;

    // Two agents next to the demo admin (there is no invite API), before routing first loads.
    const storage = await openSqliteStorage({ dataDir });
    const passwordHash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1, keyLength: 64 });
    for (const name of ['Ana', 'Ben']) {
      await storage.createAgent({
        workspaceId,
        email: `${name.toLowerCase()}@demo.rapport`,
        name,
        role: 'agent',
        passwordHash,
        now: Date.now(),
      });
    }
    await storage.close();

    admin = await login(server.demo.email, server.demo.password);
    ana = await login('ana@demo.rapport', PASSWORD);
    ben = await login('ben@demo.rapport', PASSWORD);
    // New agents start away (and the demo admin stays away: never routed to). Ana: online, 2 slots.
    await call(admin.token, 'PATCH', `/api/admin/agents/${ana.agent.id}`, { capacity: 2 });
    await call(admin.token, 'PATCH', `/api/admin/agents/${ben.agent.id}`, { capacity: 4 });
    await call(ana.token, 'PUT', '/api/me/status', { status: 'online' });

    // The site's backend: hash = HMAC-SHA256(id) under the workspace's identity secret.
    const { secret } = await call<IdentitySecretResponse>(
      admin.token,
      'GET',
      '/api/admin/identity-secret',
    );
    const valid = createHmac('sha256', secret).update(CUSTOMER.id).digest('hex');
    const forged = createHmac('sha256', 'a guessed secret').update(CUSTOMER.id).digest('hex');
    expect(forged).toMatch(/^[0-9a-f]{64}$/);
    expect(forged).not.toBe(valid);
    site = await startSite(server.url, workspaceId, { valid, forged });

    agentBrowser = await launchWithExtension();
    const anaAccount: Account = {
      serverUrl: server.url,
      email: 'ana@demo.rapport',
      password: PASSWORD,
    };
    await signIn(agentBrowser, anaAccount);
    panel = await agentBrowser.openExtensionPage('sidepanel.html');
    await panel.setViewportSize({ width: 420, height: 900 });

    customers = await chromium.launch({
      executablePath: CHROMIUM,
      headless: false,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await customers?.close();
    await agentBrowser?.close();
    await site?.close();
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('R3, R4: the first conversation of cust-42 (valid hash) goes to Ana, who answers and closes it', async () => {
    const { context, page } = await freshProfile();
    await customerWrites(page, FIRST);
    await expectText(widgetOf(page).getByTestId('queue-status'), 'Ana joined');

    const { conversation, customer } = await conversationWith(FIRST);
    expect(conversation.assigneeId).toBe(ana.agent.id);
    // The verified identify linked this visitor to cust-42 (I1).
    expect(customer?.externalId).toBe(CUSTOMER.id);
    knownCustomerId = conversation.customerId;
    firstConversationId = conversation.id;

    const item = panel.getByTestId('conversation-item').filter({ hasText: FIRST });
    await item.click();
    await expectText(panel.getByTestId('returning-line'), 'New customer');
    await agentWrites(panel, REPLY);
    await expect.poll(() => widgetTexts(page, 'agent'), { timeout: 20_000 }).toEqual([REPLY]);
    await panel.getByTestId('close-conversation').click();
    await pollUntil(
      conversations,
      (l) => l.conversations.find((c) => c.id === firstConversationId)?.status === 'closed',
      'the first conversation to be closed',
    );
    await expectText(panel.getByTestId('slots-badge'), '0 of 2 slots');
    await context.close();
  });

  it('I1, R3: back in a fresh profile with the valid hash, cust-42 sees the history and is routed to Ana, not to the freer Ben', async () => {
    // Ben online with 4 free slots, Ana with 2: the most-free rule (b) alone would pick Ben.
    const benNow = await call<{ agent: Agent }>(ben.token, 'PUT', '/api/me/status', {
      status: 'online',
    });
    expect(benNow.agent.status).toBe('online');

    const { context, page } = await freshProfile();
    // The identify answer brings cust-42's latest conversation into the new browser (I1, I4).
    await expect.poll(() => widgetTexts(page, 'agent'), { timeout: 20_000 }).toEqual([REPLY]);
    expect(await widgetTexts(page, 'customer')).toEqual([FIRST]);
    await saveScreenshot(page, 'identify-return-widget-history');

    await customerWrites(page, BACK);
    await expectText(widgetOf(page).getByTestId('queue-status'), 'Ana joined');
    const { conversation } = await conversationWith(BACK);
    expect(conversation.id).not.toBe(firstConversationId);
    expect(conversation.customerId).toBe(knownCustomerId);
    expect(conversation.assigneeId).toBe(ana.agent.id);

    // Ana's side panel: the new conversation is hers, and the card knows the customer.
    const item = panel.getByTestId('conversation-item').filter({ hasText: BACK });
    await expect
      .poll(() => item.getByTestId('assignee-chip').getAttribute('title'), { timeout: 20_000 })
      .toBe('Assigned to you');
    await item.click();
    const card = panel.getByTestId('customer-card');
    await expectText(card.getByTestId('card-name'), CUSTOMER.name);
    await expectText(
      card.getByTestId('returning-line'),
      /^Returning customer — last talked .+ with Ana$/,
    );
    const past = card.getByTestId('past-conversation');
    await expectText(past, 'Ana');
    expect(await past.count()).toBe(1);
    await expectText(panel.getByTestId('slots-badge'), '1 of 2 slots');
    await saveScreenshot(panel, 'identify-return-sidepanel-card');

    // The history entry opens the earlier conversation with Ana's reply.
    await past.click();
    await expect.poll(() => panelTexts(panel, 'agent'), { timeout: 20_000 }).toEqual([REPLY]);
    expect(await panelTexts(panel, 'customer')).toEqual([FIRST]);
    await saveScreenshot(panel, 'identify-return-sidepanel-history');
    await context.close();
  });

  it('I2: a forged hash for cust-42 shows nothing of the history and merges nothing', async () => {
    const context = await customers.newContext({ viewport: { width: 1000, height: 760 } });
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') {
        warnings.push(message.text());
      }
    });
    await page.goto(`${site.url}/account?forged`);
    const widget = await openWidget(page);
    // The loader says so in the site's console once the server has answered identify.
    await pollUntil(
      async () => warnings.join('\n'),
      (text) => text.includes('unverified claim'),
      'the console warning about the unverified claim',
    );
    expect(warnings.join('\n')).toContain('the hash does not match id "cust-42"');
    expect(await widget.getByTestId('message').count()).toBe(0);
    await saveScreenshot(page, 'identify-forged-widget-empty');

    await customerWrites(page, FORGED_TEXT);
    expect(await widgetTexts(page, 'customer')).toEqual([FORGED_TEXT]);
    expect(await widgetTexts(page, 'agent')).toEqual([]);
    const { conversation, customer } = await conversationWith(FORGED_TEXT);
    // Its own customer: not cust-42's, no external id, the id only as an unverified claim.
    expect(conversation.customerId).not.toBe(knownCustomerId);
    expect(customer?.externalId ?? null).toBeNull();
    expect(customer?.mergedIntoId ?? null).toBeNull();
    expect(customer?.identities).toContainEqual(
      expect.objectContaining({ kind: 'external_id', value: CUSTOMER.id, verified: false }),
    );
    // No familiar-agent preference: Ana has a free slot, but Ben has more (rule b).
    expect(conversation.assigneeId).toBe(ben.agent.id);
    await expectText(widgetOf(page).getByTestId('queue-status'), 'Ben joined');

    // cust-42 still has exactly their two conversations.
    const profile = await call<CustomerProfileResponse>(
      admin.token,
      'GET',
      `/api/customers/${knownCustomerId}`,
    );
    expect(profile.conversations.map((c) => c.id).sort()).not.toContain(conversation.id);
    expect(profile.conversations).toHaveLength(2);

    // Ana's side panel: a new customer who only claims to be cust-42.
    await panel.getByTestId('conversation-item').filter({ hasText: FORGED_TEXT }).click();
    const card = panel.getByTestId('customer-card');
    await expectText(card.getByTestId('returning-line'), 'New customer');
    await expectText(card.getByTestId('claim').filter({ hasText: CUSTOMER.id }), 'claims to be');
    await expect.poll(() => card.getByTestId('past-conversation').count()).toBe(0);
    expect(await panelTexts(panel, 'agent')).toEqual([]);
    await saveScreenshot(panel, 'identify-forged-sidepanel');
    await context.close();
  });
});
