import type { PromptAnswers, RenderedTemplate, Template, TemplateContext } from './template-types';
import { resolveVariable } from './variables';

/** The fill-in labels of a template, each once, in order of first appearance. */
export function listPrompts(template: Template): string[] {
  const labels: string[] = [];
  for (const node of template.nodes) {
    if (node.kind === 'prompt' && !labels.includes(node.label)) labels.push(node.label);
  }
  return labels;
}

/**
 * Fill a template. Values are inserted as plain text, never parsed again (a customer named
 * "{{cursor}}" stays that text). A missing or blank value takes the tag's fallback, else nothing;
 * an unanswered prompt gives nothing. `cursor` is a UTF-16 offset into `text`.
 */
export function renderTemplate(
  template: Template,
  context: TemplateContext,
  answers: PromptAnswers = {},
): RenderedTemplate {
  let text = '';
  let cursor = -1;
  for (const node of template.nodes) {
    switch (node.kind) {
      case 'text':
        text += node.text;
        break;
      case 'variable':
        text += resolveVariable(node.path, context) ?? node.fallback ?? '';
        break;
      case 'prompt':
        text += Object.hasOwn(answers, node.label) ? (answers[node.label] ?? '') : '';
        break;
      case 'cursor':
        cursor = text.length;
        break;
    }
  }
  return { text, cursor: cursor < 0 ? text.length : cursor };
}
