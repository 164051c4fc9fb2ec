/**
 * The macro template language.
 *
 *   Hi {{customer.first_name | "there"}}, your order {{ask "Order number"}} ships today.
 *   {{cursor}}
 *   — {{agent.first_name}}
 *
 * - Text outside `{{…}}` is copied as is.
 * - `{{root.field}}` inserts a variable. Roots and fields:
 *     customer: first_name, last_name, name, email
 *     agent: first_name, name, email
 *     conversation: id, created_at
 *     date: today, now
 *   First and last names come from the full name when not given ("Ada Lovelace" → "Ada").
 *   Dates are formatted with Intl in the context's locale and time zone.
 * - `{{path | "fallback"}}` (or `'fallback'`) is used when the value is missing or blank. Inside
 *   quotes, a backslash escapes the next character: `"say \"hi\""`. Without a fallback a missing
 *   value inserts nothing — never the raw tag.
 * - `{{cursor}}` marks where the caret lands after insertion; at most one per body.
 * - `{{ask "Label"}}` is a fill-in prompt asked before inserting. The same label twice is one
 *   field, asked once, inserted at each place.
 * - Escape: `\{{` is a literal `{{`. In a run of backslashes right before `{{`, each pair is one
 *   literal backslash and an odd one left over escapes the braces (`\\{{x}}` → `\` + value of x).
 *   Backslashes anywhere else, and a lone `}}`, are ordinary text.
 * - A tag lives on one line: a line break before `}}` means the tag was never closed.
 * - Bodies are at most MAX_MESSAGE_LENGTH (5,000) characters.
 *
 * The output is plain text: values are never interpreted as HTML or as template syntax.
 */
export { parseTemplate, MAX_MACRO_BODY_LENGTH } from './template-parser';
export { listPrompts, renderTemplate } from './template-renderer';
export { KNOWN_VARIABLES, VARIABLE_FIELDS } from './variables';
export type { VariablePath, VariableRoot } from './variables';
export type {
  ParseResult,
  PromptAnswers,
  RenderedTemplate,
  Template,
  TemplateContext,
  TemplateError,
  TemplateNode,
  TemplatePerson,
} from './template-types';
