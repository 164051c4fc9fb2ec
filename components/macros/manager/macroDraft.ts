import {
  MacroInputSchema,
  type Macro,
  type MacroInput,
  type MacroScope,
} from '../../../protocol/macros';
import { parseTemplate } from '../../../protocol/template/template';

/** What the editor form holds: the agent's text, as typed. */
export interface MacroDraft {
  shortcut: string;
  title: string;
  body: string;
  /** Comma separated. */
  tags: string;
  scope: MacroScope;
}

export type DraftField = keyof MacroDraft;
export type DraftErrors = Partial<Record<DraftField, string[]>>;

export type DraftCheck =
  | { ok: true; input: MacroInput; errors: DraftErrors; templateErrors: string[] }
  | { ok: false; errors: DraftErrors; templateErrors: string[] };

const FIELDS: readonly DraftField[] = ['shortcut', 'title', 'body', 'tags', 'scope'];

export function emptyDraft(scope: MacroScope): MacroDraft {
  return { shortcut: '', title: '', body: '', tags: '', scope };
}

export function draftOf(macro: Macro): MacroDraft {
  return {
    shortcut: macro.shortcut,
    title: macro.title,
    body: macro.body,
    tags: macro.tags.join(', '),
    scope: macro.scope,
  };
}

export function splitTags(tags: string): string[] {
  return tags
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}

function add(errors: DraftErrors, field: DraftField, message: string): void {
  const list = (errors[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

/** Check a draft with the protocol's schema and the template parser; messages are for the agent. */
export function checkDraft(draft: MacroDraft): DraftCheck {
  const errors: DraftErrors = {};
  const parsed = MacroInputSchema.safeParse({
    shortcut: draft.shortcut,
    title: draft.title,
    body: draft.body,
    tags: splitTags(draft.tags),
    scope: draft.scope,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const head = issue.path[0];
      const field = FIELDS.find((f) => f === head) ?? 'body';
      add(errors, field, issue.message);
    }
  }
  const templateErrors: string[] = [];
  if (draft.body.trim().length > 0) {
    const template = parseTemplate(draft.body);
    if (!template.ok) {
      for (const error of template.errors) {
        templateErrors.push(error.message);
        add(errors, 'body', error.message);
      }
    }
  }
  if (parsed.success && templateErrors.length === 0) {
    return { ok: true, input: parsed.data, errors, templateErrors };
  }
  return { ok: false, errors, templateErrors };
}
