import type { TemplateContext, TemplatePerson } from './template-types';

/** Every variable a macro body may use, grouped by root. */
export const VARIABLE_FIELDS = {
  customer: ['first_name', 'last_name', 'name', 'email'],
  agent: ['first_name', 'name', 'email'],
  conversation: ['id', 'created_at'],
  date: ['today', 'now'],
} as const;

type Fields = typeof VARIABLE_FIELDS;
export type VariableRoot = keyof Fields;
export type VariablePath = {
  [R in VariableRoot]: `${R}.${Fields[R][number]}`;
}[VariableRoot];

export const VARIABLE_ROOTS = Object.keys(VARIABLE_FIELDS) as VariableRoot[];

export const KNOWN_VARIABLES: readonly VariablePath[] = VARIABLE_ROOTS.flatMap((root) =>
  VARIABLE_FIELDS[root].map((field) => `${root}.${field}` as VariablePath),
);

const KNOWN = new Set<string>(KNOWN_VARIABLES);

export function isKnownVariable(path: string): path is VariablePath {
  return KNOWN.has(path);
}

export function isVariableRoot(name: string): name is VariableRoot {
  return Object.hasOwn(VARIABLE_FIELDS, name);
}

/** The value of a variable in a context, or undefined when it is missing or blank. */
export function resolveVariable(path: VariablePath, context: TemplateContext): string | undefined {
  const value = rawValue(path, context);
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function rawValue(path: VariablePath, context: TemplateContext): string | null | undefined {
  switch (path) {
    case 'customer.first_name':
      return firstName(context.customer);
    case 'customer.last_name':
      return lastName(context.customer);
    case 'customer.name':
      return fullName(context.customer);
    case 'customer.email':
      return context.customer?.email;
    case 'agent.first_name':
      return firstName(context.agent);
    case 'agent.name':
      return fullName(context.agent);
    case 'agent.email':
      return context.agent?.email;
    case 'conversation.id':
      return context.conversation?.id;
    case 'conversation.created_at': {
      const createdAt = context.conversation?.createdAt;
      if (createdAt === null || createdAt === undefined) return undefined;
      return formatDate(new Date(createdAt), context, { dateStyle: 'long', timeStyle: 'short' });
    }
    case 'date.today':
      return formatDate(context.now, context, { dateStyle: 'long' });
    case 'date.now':
      return formatDate(context.now, context, { dateStyle: 'long', timeStyle: 'short' });
  }
}

function nameWords(person: TemplatePerson | null | undefined): string[] {
  return person?.name?.trim().split(/\s+/).filter(Boolean) ?? [];
}

/** The given first name, else the first word of the full name ("Ada Lovelace" → "Ada"). */
function firstName(person: TemplatePerson | null | undefined): string | undefined {
  return person?.firstName?.trim() || nameWords(person)[0];
}

/** The given last name, else the words after the first of a full name of two words or more. */
function lastName(person: TemplatePerson | null | undefined): string | undefined {
  if (person?.lastName?.trim()) return person.lastName;
  const words = nameWords(person);
  return words.length > 1 ? words.slice(1).join(' ') : undefined;
}

/** The given full name, else first and last name joined. */
function fullName(person: TemplatePerson | null | undefined): string | undefined {
  if (person?.name?.trim()) return person.name;
  return [person?.firstName?.trim(), person?.lastName?.trim()].filter(Boolean).join(' ');
}

/** Intl formatting; a bad locale or time zone falls back to the runtime's defaults. */
function formatDate(
  date: Date,
  context: TemplateContext,
  style: Intl.DateTimeFormatOptions,
): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  try {
    return new Intl.DateTimeFormat(context.locale, { ...style, timeZone: context.timeZone }).format(
      date,
    );
  } catch {
    return new Intl.DateTimeFormat(undefined, style).format(date);
  }
}
