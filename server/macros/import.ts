import {
  MACRO_CSV_COLUMNS,
  MACRO_CSV_TAG_SEPARATOR,
  MAX_MACRO_IMPORT_ROWS,
  MacroInputSchema,
  type Agent,
  type Macro,
  type MacroImportRequest,
  type MacroImportRowError,
  type MacroInput,
} from '../../protocol';
import { InvalidRequestError } from '../errors';
import type { MacroDraft } from '../storage/storage';
import { CsvSyntaxError, parseCsv, serializeCsv } from './csv';
import { mayChange, shortcutTakenMessage, TEAM_MACROS_ADMIN_ONLY, toDraft } from './rules';
import { templateErrors } from './template-check';

// Turning an import body into drafts, row by row: every problem of every row is collected, so
// one answer lists all that must be fixed. Rows count from 1 (the first macro).

const HEADER = MACRO_CSV_COLUMNS.join(',');
const REQUIRED_COLUMNS = ['scope', 'shortcut', 'title', 'body'] as const;

/** CSV text to row objects (the fields named by the header); tags split on `|`. */
function csvRows(csv: string): { rows: unknown[]; rowErrors: MacroImportRowError[] } {
  let records;
  try {
    records = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new InvalidRequestError(`The CSV cannot be read. ${error.message}`);
    }
    throw error;
  }
  const [header, ...body] = records;
  if (!header) {
    throw new InvalidRequestError(`The CSV is empty. Start it with the header line ${HEADER}.`);
  }
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = columns.find((c) => !(MACRO_CSV_COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED_COLUMNS.find((c) => !columns.includes(c));
  if (unknown !== undefined || missing || new Set(columns).size !== columns.length) {
    const problem =
      unknown !== undefined
        ? `has an unknown column "${unknown}"`
        : missing
          ? `has no "${missing}" column`
          : 'names a column twice';
    throw new InvalidRequestError(`The CSV header ${problem}. Use the header line ${HEADER}.`);
  }
  const rows: unknown[] = [];
  const rowErrors: MacroImportRowError[] = [];
  for (const [i, record] of body.entries()) {
    if (record.fields.length !== columns.length) {
      rowErrors.push({
        row: i + 1,
        message:
          `Line ${record.line} has ${record.fields.length} fields but the header has ` +
          `${columns.length}. Put values that contain commas or line breaks in double quotes.`,
      });
      rows.push(null);
      continue;
    }
    const row: Record<string, unknown> = {};
    columns.forEach((column, c) => (row[column] = record.fields[c]));
    row.tags = String(row.tags ?? '')
      .split(MACRO_CSV_TAG_SEPARATOR)
      .map((t) => t.trim())
      .filter((t) => t !== '');
    rows.push(row);
  }
  return { rows, rowErrors };
}

/** One row's problems: schema, permission, template. */
function checkRow(value: unknown, row: number, agent: Agent) {
  const parsed = MacroInputSchema.safeParse(value);
  if (!parsed.success) {
    const byField = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? String(issue.path[0]) : '';
      if (!byField.has(field)) byField.set(field, issue.message);
    }
    const errors = [...byField].map(([field, message]): MacroImportRowError => {
      if (field) return { row, field, message };
      return { row, message: `Each macro is an object with scope, shortcut, title, body, tags.` };
    });
    return { input: null, errors };
  }
  const input = parsed.data;
  const errors: MacroImportRowError[] = [];
  if (!mayChange(agent, input.scope)) {
    errors.push({ row, field: 'scope', message: TEAM_MACROS_ADMIN_ONLY });
  }
  for (const message of templateErrors(input.body)) errors.push({ row, field: 'body', message });
  return { input, errors };
}

export interface ImportPlan {
  drafts: MacroDraft[];
  /** The import row of each draft. */
  rowOf: number[];
}

/**
 * Check every row: the drafts to store, and every row's errors (sorted by row). Throws
 * InvalidRequestError when the file as a whole is unusable (unreadable CSV, bad header, no rows).
 */
export function planImport(
  request: MacroImportRequest,
  agent: Agent,
): { plan: ImportPlan; rowErrors: MacroImportRowError[] } {
  const { rows, rowErrors } =
    request.format === 'csv' ? csvRows(request.csv) : { rows: request.macros, rowErrors: [] };
  if (rows.length === 0) {
    throw new InvalidRequestError('There are no macros to import. Add at least one row.');
  }
  if (rows.length > MAX_MACRO_IMPORT_ROWS) {
    throw new InvalidRequestError(
      `Import at most ${MAX_MACRO_IMPORT_ROWS} macros at once; this file has ${rows.length}. ` +
        'Split it into several files.',
    );
  }
  const plan: ImportPlan = { drafts: [], rowOf: [] };
  const firstRowOf = new Map<string, number>();
  for (const [i, value] of rows.entries()) {
    const row = i + 1;
    if (value === null && request.format === 'csv') continue; // field count, reported above
    const { input, errors } = checkRow(value, row, agent);
    rowErrors.push(...errors);
    if (!input) continue;
    const key = `${input.scope}:${input.shortcut}`;
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      rowErrors.push({
        row,
        field: 'shortcut',
        message:
          `Row ${first} already uses the ${input.scope} shortcut ";${input.shortcut}". ` +
          'Each shortcut can be used once per scope: change or remove one of the rows.',
      });
      continue;
    }
    firstRowOf.set(key, row);
    plan.drafts.push(toDraft(input, agent));
    plan.rowOf.push(row);
  }
  return { plan, rowErrors: rowErrors.sort((a, b) => a.row - b.row) };
}

/** Row errors for drafts whose shortcut an existing macro holds. */
export function conflictErrors(
  plan: ImportPlan,
  conflicts: { index: number; other: Macro }[],
): MacroImportRowError[] {
  return conflicts.map(({ index, other }) => ({
    row: plan.rowOf[index] ?? index + 1,
    field: 'shortcut',
    message: shortcutTakenMessage(other),
  }));
}

/** A macro as an import row. */
export function toInput(macro: Macro): MacroInput {
  const { scope, shortcut, title, body, tags } = macro;
  return { scope, shortcut, title, body, tags };
}

/** Macros as CSV that `planImport` reads back unchanged. */
export function macrosToCsv(macros: Macro[]): string {
  return serializeCsv([
    [...MACRO_CSV_COLUMNS],
    ...macros.map((m) => [
      m.scope,
      m.shortcut,
      m.title,
      m.body,
      m.tags.join(MACRO_CSV_TAG_SEPARATOR),
    ]),
  ]);
}
