import type { VariablePath } from './variables';

/** A piece of a parsed macro body. Offsets are UTF-16 indexes into the body. */
export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; path: VariablePath; fallback: string | null; start: number; end: number }
  | { kind: 'cursor'; start: number; end: number }
  | { kind: 'prompt'; label: string; start: number; end: number };

/** A macro body that parsed without errors, ready to render any number of times. */
export interface Template {
  readonly source: string;
  readonly nodes: readonly TemplateNode[];
}

/** One problem in a macro body, for the macro editor: a sentence and the span to underline. */
export interface TemplateError {
  message: string;
  /** Offset of the first character of the problem. */
  start: number;
  /** Offset just past the problem (exclusive). */
  end: number;
}

export type ParseResult = { ok: true; template: Template } | { ok: false; errors: TemplateError[] };

/** A person as the renderer sees them; protocol `Customer` and `Agent` objects fit as they are. */
export interface TemplatePerson {
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
}

/** What variables are filled from. Protocol `Conversation` objects fit `conversation` as is. */
export interface TemplateContext {
  customer?: TemplatePerson | null;
  agent?: TemplatePerson | null;
  conversation?: { id?: string | null; createdAt?: number | Date | null } | null;
  /** The moment `date.today` and `date.now` describe. */
  now: Date;
  /** BCP 47 locale for dates, e.g. "en-US"; the runtime's default when absent. */
  locale?: string;
  /** IANA time zone for dates, e.g. "Europe/Paris"; the runtime's default when absent. */
  timeZone?: string;
}

/** Answers to fill-in prompts, keyed by the prompt's label. */
export type PromptAnswers = Readonly<Record<string, string>>;

export interface RenderedTemplate {
  text: string;
  /** Offset in `text` where the caret goes: where `{{cursor}}` was, else the end. */
  cursor: number;
}
