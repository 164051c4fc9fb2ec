import { describe, expect, it } from 'vitest';
import {
  parseTemplate,
  renderTemplate,
  type Template,
  type TemplateContext,
} from '../../../protocol/template/template';

function templateOf(body: string): Template {
  const result = parseTemplate(body);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.template;
}

const now = new Date(Date.UTC(2025, 2, 14, 15, 4, 0));
const context: TemplateContext = {
  customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
  agent: { name: 'Grace Hopper', email: 'grace@rapport.test' },
  conversation: { id: 'c-42', createdAt: Date.UTC(2025, 0, 2, 9, 30) },
  now,
  locale: 'en-US',
  timeZone: 'UTC',
};

function render(body: string, ctx: TemplateContext = context, answers = {}) {
  return renderTemplate(templateOf(body), ctx, answers);
}

describe('renderTemplate', () => {
  it('fills variables and derives first and last names from the full name', () => {
    expect(
      render(
        '{{customer.first_name}}/{{customer.last_name}}/{{customer.name}}/{{customer.email}}/{{agent.first_name}}/{{agent.name}}/{{agent.email}}/{{conversation.id}}',
      ).text,
    ).toBe('Ada/Lovelace/Ada Lovelace/ada@example.com/Grace/Grace Hopper/grace@rapport.test/c-42');
  });

  it('prefers given first and last names, and builds the full name from them', () => {
    const ctx = { now, customer: { firstName: 'Ada', lastName: 'King' } };
    expect(
      render('{{customer.first_name}} {{customer.last_name}}|{{customer.name}}', ctx).text,
    ).toBe('Ada King|Ada King');
  });

  it('uses the fallback when a value is missing or blank', () => {
    const ctx = { now, customer: { name: '   ', email: null } };
    expect(
      render('Hi {{customer.first_name | "there"}}, {{customer.email | \'no email\'}}', ctx).text,
    ).toBe('Hi there, no email');
    expect(render('Hi {{customer.first_name | "there"}}').text).toBe('Hi Ada');
  });

  it('inserts nothing for a missing value without fallback, never the raw tag', () => {
    const result = render('Hi {{customer.last_name}}!{{conversation.id}}', {
      now,
      customer: { name: 'Ada' },
    });
    expect(result.text).toBe('Hi !');
  });

  it('puts the cursor where {{cursor}} was, else at the end', () => {
    expect(render('Hi {{customer.first_name}}, {{cursor}} Thanks!')).toEqual({
      text: 'Hi Ada,  Thanks!',
      cursor: 8,
    });
    expect(render('Hi {{customer.first_name}}')).toEqual({ text: 'Hi Ada', cursor: 6 });
    expect(render('{{cursor}}Hi')).toEqual({ text: 'Hi', cursor: 0 });
  });

  it('asks a repeated prompt once and inserts the answer at each place', () => {
    const result = render(
      'Order {{ask "Order number"}}: status of {{ask "Order number"}}',
      context,
      {
        'Order number': 'A-17',
      },
    );
    expect(result.text).toBe('Order A-17: status of A-17');
  });

  it('inserts nothing for an unanswered prompt', () => {
    expect(render('#{{ask "Order number"}}.').text).toBe('#.');
  });

  it('inserts values as plain text, never as markup or template syntax', () => {
    const ctx = { now, customer: { name: '<b>{{cursor}}</b> {{agent.name}}' } };
    const result = render('{{customer.name}}!', ctx);
    expect(result).toEqual({
      text: '<b>{{cursor}}</b> {{agent.name}}!',
      cursor: result.text.length,
    });
  });

  it('formats dates with Intl in the given locale and time zone', () => {
    expect(render('{{date.today}}').text).toBe('March 14, 2025');
    expect(render('{{date.now}}').text).toMatch(/^March 14, 2025(,| at) 3:04\sPM$/);
    expect(render('{{conversation.created_at}}').text).toMatch(/^January 2, 2025(,| at) 9:30\sAM$/);
    expect(
      render('{{date.today}}', {
        ...context,
        timeZone: 'Pacific/Kiritimati',
        now: new Date(Date.UTC(2025, 2, 14, 23, 0)),
      }).text,
    ).toBe('March 15, 2025');
    expect(render('{{date.today}}', { ...context, locale: 'fr-FR' }).text).toBe('14 mars 2025');
  });

  it('falls back to default formatting for a bad time zone instead of throwing', () => {
    expect(render('{{date.today}}', { ...context, timeZone: 'Not/AZone' }).text).toMatch(/2025/);
  });

  it('renders literal braces from escapes', () => {
    expect(render('\\{{customer.name}} is {{customer.name}}').text).toBe(
      '{{customer.name}} is Ada Lovelace',
    );
  });
});
