import { z } from 'zod';
import { ApiErrorSchema } from './errors';
import { IdSchema, TimestampSchema } from './models';
import { MAX_MESSAGE_LENGTH } from './version';

// Canned messages (macros): REST bodies for /api/macros. A macro's body is a template
// (protocol/template/template.ts) that becomes a message, so it has the message length limit.

export const MACRO_SCOPES = ['team', 'personal'] as const;
export type MacroScope = (typeof MACRO_SCOPES)[number];

export const MAX_MACRO_SHORTCUT_LENGTH = 32;
export const MAX_MACRO_TITLE_LENGTH = 120;
export const MAX_MACRO_BODY_LENGTH = MAX_MESSAGE_LENGTH;
export const MAX_MACRO_TAGS = 10;
export const MAX_MACRO_TAG_LENGTH = 32;
/** Most macros one import may hold. */
export const MAX_MACRO_IMPORT_ROWS = 1000;
/** Separates tags in the CSV `tags` column. */
export const MACRO_CSV_TAG_SEPARATOR = '|';
/** The CSV header, in this order on export; import accepts the columns in any order. */
export const MACRO_CSV_COLUMNS = ['scope', 'shortcut', 'title', 'body', 'tags'] as const;

/** What a stored shortcut looks like: letters, digits, `-` and `_`, lower case. */
export const MACRO_SHORTCUT_PATTERN = /^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}_-]+$/u;

const SHORTCUT_RULE =
  'A shortcut is 1–32 letters, digits, "-" or "_", without spaces (for example "refund").';

/** Trimmed, lower-cased; one leading `;` or `/` (how agents type it) is dropped. */
export const MacroShortcutSchema = z
  .string({ error: SHORTCUT_RULE })
  .trim()
  .toLowerCase()
  .overwrite((s) => s.replace(/^[;/]/, ''))
  .min(1, SHORTCUT_RULE)
  .max(MAX_MACRO_SHORTCUT_LENGTH, SHORTCUT_RULE)
  .regex(MACRO_SHORTCUT_PATTERN, SHORTCUT_RULE);

export const MacroTitleSchema = z
  .string({ error: 'Give the macro a title.' })
  .trim()
  .min(1, 'Give the macro a title.')
  .max(MAX_MACRO_TITLE_LENGTH, `Macro titles can be at most ${MAX_MACRO_TITLE_LENGTH} characters.`);

const BODY_TOO_LONG = `Macro bodies can be at most ${MAX_MACRO_BODY_LENGTH.toLocaleString('en-US')} characters.`;

/** Kept as written (spaces and line breaks matter in a message), but not blank. */
export const MacroBodySchema = z
  .string({ error: 'Write the text of the macro.' })
  .max(MAX_MACRO_BODY_LENGTH, BODY_TOO_LONG)
  .refine((s) => s.trim().length > 0, 'Write the text of the macro.');

const TAG_RULE = `Tags are 1–${MAX_MACRO_TAG_LENGTH} characters, without "${MACRO_CSV_TAG_SEPARATOR}".`;

export const MacroTagSchema = z
  .string()
  .trim()
  .min(1, TAG_RULE)
  .max(MAX_MACRO_TAG_LENGTH, TAG_RULE)
  .refine((s) => !s.includes(MACRO_CSV_TAG_SEPARATOR), TAG_RULE);

/** Tags, duplicates dropped (first spelling kept, compared without case). */
export const MacroTagsSchema = z
  .array(MacroTagSchema)
  .max(MAX_MACRO_TAGS, `A macro can have at most ${MAX_MACRO_TAGS} tags.`)
  .transform((tags) =>
    tags.filter((t, i) => tags.findIndex((u) => u.toLowerCase() === t.toLowerCase()) === i),
  );

export const MacroScopeSchema = z.enum(MACRO_SCOPES, {
  error: 'Scope must be "team" (for everyone, admins only) or "personal" (only you).',
});

export const MacroSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  scope: z.enum(MACRO_SCOPES),
  /** The agent who owns a personal macro; null for a team macro. */
  ownerId: IdSchema.nullable(),
  shortcut: z.string(),
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  usageCount: z.number().int().nonnegative(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Macro = z.infer<typeof MacroSchema>;

/**
 * A deleted macro in the sync log (a tombstone): only its id and who could see it, so caches drop
 * it. `ownerId` is null when everyone saw it (a team macro), else the one agent who did.
 */
export const MacroDeletedSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  ownerId: IdSchema.nullable(),
});
export type MacroDeleted = z.infer<typeof MacroDeletedSchema>;

/** Pinned macros: slots 1–9, inserted with Alt+1…9 in the side panel composer. */
export const MACRO_PIN_SLOTS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export const MAX_MACRO_PIN_SLOT = 9;

const SLOT_RULE = `A pin slot is a whole number from 1 to ${MAX_MACRO_PIN_SLOT} (Alt+1 to Alt+${MAX_MACRO_PIN_SLOT}).`;

export const MacroPinSchema = z.object({
  slot: z
    .number({ error: SLOT_RULE })
    .int(SLOT_RULE)
    .min(1, SLOT_RULE)
    .max(MAX_MACRO_PIN_SLOT, SLOT_RULE),
  macroId: IdSchema,
});
export type MacroPin = z.infer<typeof MacroPinSchema>;

/**
 * One agent's pins (their own choice, on every browser they use), by slot. `id` is the agent's
 * id: each agent has one set of pins, an entity of the sync log like any other.
 */
export const MacroPinsSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  pins: z.array(MacroPinSchema),
  updatedAt: TimestampSchema,
});
export type MacroPins = z.infer<typeof MacroPinsSchema>;

/** PUT /api/macros/pins: the agent's whole set of pins (an empty list unpins everything). */
export const MacroPinsRequestSchema = z.object({
  pins: z
    .array(MacroPinSchema)
    .max(MAX_MACRO_PIN_SLOT, `Pin at most ${MAX_MACRO_PIN_SLOT} macros (Alt+1 to Alt+9).`)
    .superRefine((pins, ctx) => {
      const slots = new Set<number>();
      const macros = new Set<string>();
      for (const [i, pin] of pins.entries()) {
        if (slots.has(pin.slot)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'slot'],
            message: `Slot ${pin.slot} is pinned twice. Give each pinned macro its own slot.`,
          });
        }
        if (macros.has(pin.macroId)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'macroId'],
            message: 'A macro can be pinned to one slot only. Remove the other pin first.',
          });
        }
        slots.add(pin.slot);
        macros.add(pin.macroId);
      }
    }),
});
export type MacroPinsRequest = z.infer<typeof MacroPinsRequestSchema>;

/** GET and PUT /api/macros/pins. */
export const MacroPinsResponseSchema = z.object({ pins: MacroPinsSchema });
export type MacroPinsResponse = z.infer<typeof MacroPinsResponseSchema>;

/** POST /api/macros, PUT /api/macros/:id (the whole macro), and each imported row. */
export const MacroInputSchema = z.object({
  scope: MacroScopeSchema,
  shortcut: MacroShortcutSchema,
  title: MacroTitleSchema,
  body: MacroBodySchema,
  tags: MacroTagsSchema.default([]),
});
export type MacroInput = z.output<typeof MacroInputSchema>;

/** GET /api/macros: team macros and the caller's personal ones, by shortcut. */
export const MacroListResponseSchema = z.object({ macros: z.array(MacroSchema) });
export type MacroListResponse = z.infer<typeof MacroListResponseSchema>;

/** POST/PUT /api/macros(/:id), POST /api/macros/:id/use. */
export const MacroResponseSchema = z.object({ macro: MacroSchema });
export type MacroResponse = z.infer<typeof MacroResponseSchema>;

/**
 * POST /api/macros/import. Rows are checked one by one, so `macros` holds anything here; CSV has
 * the header `scope,shortcut,title,body,tags` (RFC 4180 quoting, tags separated by `|`).
 */
export const MacroImportRequestSchema = z.discriminatedUnion(
  'format',
  [
    z.object({
      format: z.literal('json'),
      macros: z
        .array(z.unknown())
        .max(MAX_MACRO_IMPORT_ROWS, `Import at most ${MAX_MACRO_IMPORT_ROWS} macros at once.`),
    }),
    z.object({ format: z.literal('csv'), csv: z.string() }),
  ],
  { error: 'Set format to "json" (with macros: [...]) or "csv" (with csv: "...").' },
);
export type MacroImportRequest = z.infer<typeof MacroImportRequestSchema>;

export const MacroImportResponseSchema = z.object({ imported: z.array(MacroSchema) });
export type MacroImportResponse = z.infer<typeof MacroImportResponseSchema>;

/**
 * One refused import row. `row` counts macros from 1 (the JSON array's first item, or the CSV's
 * first line after the header); `field` names the column when one is at fault.
 */
export const MacroImportRowErrorSchema = z.object({
  row: z.number().int().positive(),
  field: z.string().optional(),
  message: z.string(),
});
export type MacroImportRowError = z.infer<typeof MacroImportRowErrorSchema>;

/** The 400 body of an import with row errors: nothing was imported. */
export const MacroImportErrorSchema = ApiErrorSchema.extend({
  rowErrors: z.array(MacroImportRowErrorSchema),
});
export type MacroImportError = z.infer<typeof MacroImportErrorSchema>;

/** GET /api/macros/export?format=json|csv. The JSON export is itself an import body. */
export const MacroExportQuerySchema = z.object({
  format: z.enum(['json', 'csv'], { error: 'Add ?format=json or ?format=csv.' }).default('json'),
});
export const MacroExportJsonSchema = z.object({
  format: z.literal('json'),
  macros: z.array(MacroInputSchema),
});
export type MacroExportJson = z.infer<typeof MacroExportJsonSchema>;
