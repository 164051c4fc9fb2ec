import type { Macro } from '../../protocol/macros';
import {
  listPrompts,
  parseTemplate,
  renderTemplate,
  type Template,
  type TemplateContext,
} from '../../protocol/template/template';
import type { RapportDb } from '../db';
import type { Result } from '../messages';
import { createMacroIndex, type MacroIndex } from '../macros/search';
import type { OverlayHandlers, OverlaySender } from '../overlay/messaging';
import type {
  OverlayExpansion,
  OverlayFailure,
  OverlayFailureCode,
  OverlayPaletteItem,
  RecognitionRequest,
} from '../overlay/protocol';
import type { Account } from './account';
import type { Background } from './background';
import { macroSites } from './site-lists';

// The background's answers to the overlay content script (OverlayProtocol). A page only ever
// gets: on/off, found/not found for one shortcut (with that one macro's rendered expansion when
// found), one rendered expansion, or ≤ 20 palette rows.

const MAX_SHORTCUT = 64;
const MAX_ANSWER_LENGTH = 1_000;
const PREVIEW_LENGTH = 80;
const MAX_PALETTE_ITEMS = 20;
/** A palette index is reused while the agent keeps searching (rebuilt after a pause). */
const INDEX_TTL_MS = 10_000;

function fail(code: OverlayFailureCode, message: string): OverlayFailure {
  return { ok: false, code, message };
}

const NOT_FOUND = fail('not_found', 'There is no such macro. Check the shortcut.');

/** Counting a use goes through the background's one place for it (`macro.used`). */
export type CountUse = (macroId: string) => Promise<Result<object>>;

/** The signed-in account when the overlay is on for the sender's site, else why not. */
async function accountFor(
  bg: Background,
  sender: OverlaySender,
): Promise<Account | OverlayFailure> {
  await bg.ready;
  if (!bg.account) return fail('not_signed_in', 'Sign in to Rapport to use macros.');
  if (await macroSites.isOff(sender.origin)) {
    return fail('site_off', 'Macros are off on this site. Switch them on in the Rapport popup.');
  }
  return bg.account;
}

const isFailure = (value: Account | OverlayFailure): value is OverlayFailure =>
  'ok' in value && value.ok === false;

/** The macro with this shortcut (case-insensitive, as stored); a personal one first. */
async function byShortcut(db: RapportDb, shortcut: string): Promise<Macro | undefined> {
  const matches = await db.macros.where('shortcut').equals(shortcut.trim().toLowerCase()).toArray();
  return matches.find((macro) => macro.scope === 'personal') ?? matches[0];
}

/** A body that does not parse is inserted as written (as in the side panel). */
function templateOf(macro: Macro): Template {
  const parsed = parseTemplate(macro.body);
  return parsed.ok
    ? parsed.template
    : { source: macro.body, nodes: [{ kind: 'text', text: macro.body }] };
}

/** Answers for the template's prompts only, as short strings. */
function cleanAnswers(raw: unknown, prompts: string[]): Record<string, string> {
  const answers: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null) return answers;
  for (const label of prompts) {
    const value = (raw as Record<string, unknown>)[label];
    if (typeof value === 'string') answers[label] = value.slice(0, MAX_ANSWER_LENGTH);
  }
  return answers;
}

/**
 * Variables: the signed-in agent, the date, and the customer of the conversation open in the side
 * panel when the panel is in view (otherwise customer variables take their fallbacks).
 */
async function contextFor(bg: Background, account: Account): Promise<TemplateContext> {
  const db = account.db;
  const agent = await db.agents.get(account.session.agentId);
  const id = bg.visibility.inView() ? bg.openConversationId : null;
  const conversation = id ? await db.conversations.get(id) : undefined;
  const customer = conversation ? await db.customers.get(conversation.customerId) : undefined;
  return {
    agent,
    conversation,
    customer,
    now: new Date(),
    locale: typeof navigator === 'undefined' ? undefined : navigator.language,
  };
}

/** One macro rendered for the page: its text and where the caret lands. */
async function render(
  bg: Background,
  account: Account,
  macro: Macro,
  template: Template,
  answers: Record<string, string>,
): Promise<OverlayExpansion> {
  const rendered = renderTemplate(template, await contextFor(bg, account), answers);
  return { macroId: macro.id, text: rendered.text, caret: rendered.cursor };
}

function preview(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

/** The background's side of OverlayProtocol. */
export function createOverlayHandlers(
  bg: Background,
  countUse: CountUse,
): Omit<OverlayHandlers, RecognitionRequest> {
  let cached: { account: Account; index: MacroIndex<Macro>; count: number; at: number } | null =
    null;

  async function paletteIndex(account: Account): Promise<MacroIndex<Macro>> {
    const count = await account.db.macros.count();
    const now = Date.now();
    if (cached?.account !== account || cached.count !== count || now - cached.at > INDEX_TTL_MS) {
      cached = {
        account,
        index: createMacroIndex(await account.db.macros.toArray()),
        count,
        at: now,
      };
    }
    cached.at = now;
    return cached.index;
  }

  return {
    'overlay.state': async (_data, sender) => {
      const account = await accountFor(bg, sender);
      if (!isFailure(account)) return { enabled: true };
      return { enabled: false, reason: account.code === 'site_off' ? 'site_off' : 'signed_out' };
    },

    'overlay.lookup': async ({ shortcut }, sender) => {
      const account = await accountFor(bg, sender);
      if (isFailure(account)) return account;
      if (typeof shortcut !== 'string' || shortcut.length > MAX_SHORTCUT) {
        return { ok: true, found: false };
      }
      const macro = await byShortcut(account.db, shortcut);
      if (!macro) return { ok: true, found: false };
      // Found: this one macro comes rendered with the answer (one request instead of a second
      // round trip after Tab), unless it asks fill-ins first.
      const template = templateOf(macro);
      if (listPrompts(template).length > 0) return { ok: true, found: true, hasPrompts: true };
      return {
        ok: true,
        found: true,
        hasPrompts: false,
        expansion: await render(bg, account, macro, template, {}),
      };
    },

    'overlay.expand': async ({ shortcut, macroId, answers }, sender) => {
      const account = await accountFor(bg, sender);
      if (isFailure(account)) return account;
      const macro =
        typeof macroId === 'string'
          ? await account.db.macros.get(macroId)
          : typeof shortcut === 'string' && shortcut.length <= MAX_SHORTCUT
            ? await byShortcut(account.db, shortcut)
            : undefined;
      if (!macro) return NOT_FOUND;
      const template = templateOf(macro);
      const prompts = listPrompts(template);
      if (prompts.length > 0 && answers === undefined) return { ok: true, prompts };
      return {
        ok: true,
        prompts,
        expansion: await render(bg, account, macro, template, cleanAnswers(answers, prompts)),
      };
    },

    'overlay.search': async ({ query, limit }, sender) => {
      const account = await accountFor(bg, sender);
      if (isFailure(account)) return account;
      const max = Math.min(MAX_PALETTE_ITEMS, Math.max(1, Math.floor(Number(limit)) || 1));
      const hits = (await paletteIndex(account)).search(String(query ?? '').slice(0, 200), max);
      const items: OverlayPaletteItem[] = hits.map(({ macro }) => ({
        id: macro.id,
        shortcut: macro.shortcut,
        title: macro.title,
        preview: preview(macro.body),
      }));
      return { ok: true, items };
    },

    'overlay.inserted': async ({ macroId }, sender) => {
      const account = await accountFor(bg, sender);
      if (isFailure(account)) return account;
      if (typeof macroId !== 'string' || !(await account.db.macros.get(macroId))) return NOT_FOUND;
      const counted = await countUse(macroId);
      if (counted.ok) return { ok: true };
      const code =
        counted.code === 'network' || counted.code === 'not_signed_in' ? counted.code : 'internal';
      return fail(code, counted.message);
    },
  };
}
