import { describe, expect, it } from 'vitest';
import {
  listPrompts,
  parseTemplate,
  type Template,
  type TemplateError,
} from '../../../protocol/template/template';

function errorsOf(body: string): TemplateError[] {
  const result = parseTemplate(body);
  if (result.ok) throw new Error(`expected ${JSON.stringify(body)} not to parse`);
  return result.errors;
}

function templateOf(body: string): Template {
  const result = parseTemplate(body);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.template;
}

describe('parseTemplate: errors for the macro editor', () => {
  it('names an unknown variable, where it is, and the closest known one', () => {
    const body = 'Dear {{customer.fist_name}},';
    const [error, ...rest] = errorsOf(body);
    expect(rest).toEqual([]);
    expect(error!.message).toBe(
      'Unknown variable "customer.fist_name" at line 1, column 8. Did you mean "customer.first_name"?',
    );
    expect(body.slice(error!.start, error!.end)).toBe('customer.fist_name');
  });

  it('counts lines and columns from 1 across line breaks', () => {
    const body = 'Hello,\r\nthanks for waiting.\n  {{agent.nme}}';
    const [error] = errorsOf(body);
    expect(error!.message).toBe(
      'Unknown variable "agent.nme" at line 3, column 5. Did you mean "agent.name"?',
    );
    expect(error!.start).toBe(body.indexOf('agent.nme'));
  });

  it('suggests the full path for a bare field and lists fields for a bare root', () => {
    expect(errorsOf('{{first_name}}')[0]!.message).toContain('Did you mean "customer.first_name"?');
    expect(errorsOf('{{customer}}')[0]!.message).toBe(
      '"customer" at line 1, column 3 needs a field, e.g. "customer.first_name". Its fields are first_name, last_name, name, email.',
    );
  });

  it('lists the known variables when nothing is close', () => {
    expect(errorsOf('{{order.total}}')[0]!.message).toMatch(
      /^Unknown variable "order.total" at line 1, column 3\. Known variables are customer\.first_name, /,
    );
  });

  it('reports an unterminated {{ at its braces', () => {
    const body = 'Hi {{customer.name\nBye';
    expect(errorsOf(body)).toEqual([
      {
        message:
          '"{{" at line 1, column 4 is never closed. Add "}}" after the variable name, or write \\{{ for literal braces.',
        start: 3,
        end: 5,
      },
    ]);
  });

  it('reports an unterminated {{ followed by another tag, and still checks that tag', () => {
    const errors = errorsOf('{{customer.name {{agent.nam}}');
    expect(errors.map((e) => e.start)).toEqual([0, 18]);
    expect(errors[1]!.message).toContain('Did you mean "agent.name"?');
  });

  it('does not mistake an apostrophe for a quote when the tag is never closed', () => {
    expect(errorsOf("{{customer.name, it's me")[0]!.message).toContain('is never closed');
  });

  it('reports an empty {{}} over the whole tag', () => {
    expect(errorsOf('a {{ }} b')).toEqual([
      {
        message:
          'Empty "{{}}" at line 1, column 3. Put a variable inside, e.g. {{customer.first_name}}, or remove the braces.',
        start: 2,
        end: 7,
      },
    ]);
  });

  it('requires a quoted fallback', () => {
    const body = '{{customer.first_name | there}}';
    const [error] = errorsOf(body);
    expect(error!.message).toBe(
      'The fallback for "customer.first_name" at line 1, column 25 must be quoted text, e.g. {{customer.first_name | "there"}}.',
    );
    expect(body.slice(error!.start, error!.end)).toBe('there');
  });

  it('reports a fallback whose quote is never closed', () => {
    const body = 'Hi {{customer.first_name | "there}}\nnext line';
    const [error] = errorsOf(body);
    expect(error!.message).toBe(
      'The quoted text at line 1, column 28 has no closing ". Close it on the same line, e.g. {{customer.first_name | "there"}}.',
    );
    expect(body.slice(error!.start, error!.end)).toBe('"there}}');
  });

  it('reports text after a fallback', () => {
    expect(errorsOf('{{customer.name | "x" "y"}}')[0]!.message).toMatch(/^Unexpected ""y"" at/);
  });

  it('allows one {{cursor}} only, pointing at the second', () => {
    const body = '{{cursor}} and {{cursor}}';
    expect(errorsOf(body)).toEqual([
      {
        message:
          'A macro can have only one {{cursor}}; the first is at line 1, column 1. Remove the one at line 1, column 16.',
        start: 15,
        end: 25,
      },
    ]);
  });

  it('names an unknown function and suggests ask for a typo', () => {
    expect(errorsOf('{{upper customer.name}}')[0]!.message).toBe(
      'Unknown function "upper" at line 1, column 3. The only function is ask, e.g. {{ask "Order number"}}.',
    );
    expect(errorsOf('{{aks "Order"}}')[0]!.message).toBe(
      'Unknown function "aks" at line 1, column 3. Did you mean "ask"?',
    );
  });

  it('requires a non-empty quoted label for ask', () => {
    expect(errorsOf('{{ask}}')[0]!.message).toContain('needs a quoted label');
    expect(errorsOf('{{ask Order}}')[0]!.message).toContain('needs a quoted label');
    expect(errorsOf('{{ask "  "}}')[0]!.message).toContain('has an empty label');
  });

  it('reports every problem, in order', () => {
    const errors = errorsOf('{{a.b}} {{}} {{cursor}}{{cursor}}');
    expect(errors).toHaveLength(3);
    expect(errors.map((e) => e.start)).toEqual(
      [...errors.map((e) => e.start)].sort((a, b) => a - b),
    );
  });

  it('refuses bodies over 5,000 characters', () => {
    expect(parseTemplate('x'.repeat(5000)).ok).toBe(true);
    expect(errorsOf('x'.repeat(5001))).toEqual([
      { message: 'Macro bodies can be at most 5,000 characters.', start: 5000, end: 5001 },
    ]);
  });
});

describe('parseTemplate: valid bodies', () => {
  it('accepts both quote styles, spaces and escapes inside fallbacks', () => {
    const template = templateOf(
      `{{ customer.first_name|'there' }} {{agent.name | "the \\"team\\""}}`,
    );
    expect(template.nodes).toMatchObject([
      { kind: 'variable', path: 'customer.first_name', fallback: 'there' },
      { kind: 'text', text: ' ' },
      { kind: 'variable', path: 'agent.name', fallback: 'the "team"' },
    ]);
  });

  it('keeps }} inside a quoted fallback', () => {
    expect(templateOf('{{customer.name | "}}"}}').nodes).toMatchObject([
      { kind: 'variable', fallback: '}}' },
    ]);
  });

  it('reads \\{{ as literal braces and \\\\{{ as a backslash before a tag', () => {
    expect(templateOf('Use \\{{name}} here').nodes).toEqual([
      { kind: 'text', text: 'Use {{name}} here' },
    ]);
    expect(templateOf('C:\\\\{{agent.name}}').nodes).toMatchObject([
      { kind: 'text', text: 'C:\\' },
      { kind: 'variable', path: 'agent.name' },
    ]);
    expect(templateOf('a \\ b }} c').nodes).toEqual([{ kind: 'text', text: 'a \\ b }} c' }]);
  });

  it('lists prompts once each, in order of first appearance', () => {
    const template = templateOf(
      '{{ask "Order number"}} / {{ask "Carrier"}} / {{ask "Order number"}} / {{ask \'Date\'}}',
    );
    expect(listPrompts(template)).toEqual(['Order number', 'Carrier', 'Date']);
  });
});
