import type { Agent, Conversation, Customer } from '../../protocol';
import type { Macro } from '../../protocol/macros';
import {
  listPrompts,
  parseTemplate,
  renderTemplate,
  type PromptAnswers,
  type RenderedTemplate,
  type Template,
} from '../../protocol/template/template';

/** Who and what a macro is written for: the open conversation, its customer, the agent. */
export interface MacroTarget {
  customer?: Customer | null;
  agent?: Agent | null;
  conversation?: Conversation | null;
}

/** A macro ready to insert: its parsed body and the fill-in prompts to ask first. */
export interface PreparedMacro {
  macro: Macro;
  template: Template;
  prompts: string[];
}

/** Parse a macro's body; a body that does not parse is inserted as plain text. */
export function prepareMacro(macro: Macro): PreparedMacro {
  const parsed = parseTemplate(macro.body);
  const template: Template = parsed.ok
    ? parsed.template
    : { source: macro.body, nodes: [{ kind: 'text', text: macro.body }] };
  return { macro, template, prompts: listPrompts(template) };
}

export function renderMacro(
  prepared: PreparedMacro,
  target: MacroTarget,
  answers: PromptAnswers = {},
): RenderedTemplate {
  return renderTemplate(
    prepared.template,
    {
      customer: target.customer,
      agent: target.agent,
      conversation: target.conversation,
      now: new Date(),
      locale: typeof navigator === 'undefined' ? undefined : navigator.language,
    },
    answers,
  );
}
