import { z } from 'zod';
import {
  IDENTITY_HASH_PATTERN,
  MAX_CUSTOMER_NAME_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_EXTERNAL_ID_LENGTH,
  MAX_NOTES_LENGTH,
  MAX_PAGE_TITLE_LENGTH,
  MAX_PAGE_URL_LENGTH,
  MAX_PHONE_LENGTH,
  MAX_TAG_LENGTH,
  MAX_TAGS,
} from './customer-limits';
import {
  CONVERSATION_STATUSES,
  ConversationSchema,
  CustomerSchema,
  IdSchema,
  MessageSchema,
  PageViewSchema,
  TimestampSchema,
} from './models';

// Identity, page reports and customer profiles (REST). The widget sends the visitor's bodies;
// agents read and edit profiles; admins read and rotate the workspace's identity secret.

const VisitorAuth = {
  workspaceId: IdSchema,
  visitorToken: z.string().min(1, 'Start a visitor session first.').max(200),
};

/** Absent, null and '' all mean "not given". */
function optionalText<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());
}

/** POST /api/visitor/identify: `Rapport.identify({ id, email, name, hash })` from the site. */
export const VisitorIdentifyRequestSchema = z.object({
  ...VisitorAuth,
  /** Used exactly as given (not trimmed): the hash is computed over these characters. */
  id: z
    .string('Rapport.identify needs an id: your user id as a string.')
    .min(1, 'Rapport.identify needs an id: your user id as a string.')
    .max(MAX_EXTERNAL_ID_LENGTH, `The id can be at most ${MAX_EXTERNAL_ID_LENGTH} characters.`),
  email: optionalText(
    z
      .string()
      .trim()
      .toLowerCase()
      .max(MAX_EMAIL_LENGTH)
      .email('The email is not a valid email address.'),
  ),
  name: optionalText(z.string().trim().max(MAX_CUSTOMER_NAME_LENGTH)),
  hash: optionalText(
    z
      .string()
      .regex(
        IDENTITY_HASH_PATTERN,
        'The hash must be 64 hex characters: HMAC-SHA256 of the id under the identity secret.',
      )
      .transform((hash) => hash.toLowerCase()),
  ),
});
export type VisitorIdentifyRequest = z.input<typeof VisitorIdentifyRequestSchema>;

/**
 * The visitor after identify: `verified` says whether the hash matched. A verified identity may
 * have linked this visitor to a known customer, so the conversation and messages are theirs now;
 * an unverified one changes nothing the visitor sees.
 */
export const VisitorIdentifyResponseSchema = z.object({
  verified: z.boolean(),
  customer: CustomerSchema,
  conversation: ConversationSchema.nullable(),
  messages: z.array(MessageSchema),
});
export type VisitorIdentifyResponse = z.infer<typeof VisitorIdentifyResponseSchema>;

/** POST /api/visitor/page → 204: the page the visitor is on (on load and on navigation). */
export const VisitorPageRequestSchema = z.object({
  ...VisitorAuth,
  url: z
    .string()
    .max(MAX_PAGE_URL_LENGTH, `The page URL can be at most ${MAX_PAGE_URL_LENGTH} characters.`)
    .regex(/^https?:\/\/\S+$/i, 'The page URL must be an http(s) URL.'),
  title: z
    .string()
    .max(
      MAX_PAGE_TITLE_LENGTH,
      `The page title can be at most ${MAX_PAGE_TITLE_LENGTH} characters.`,
    ),
});
export type VisitorPageRequest = z.infer<typeof VisitorPageRequestSchema>;

/** GET /api/admin/identity-secret and POST /api/admin/identity-secret/rotate (admins only). */
export const IdentitySecretResponseSchema = z.object({
  /** The key for HMAC-SHA256 (use the string as is): hash = hmac(secret, id), hex. */
  secret: z.string(),
  rotatedAt: TimestampSchema,
});
export type IdentitySecretResponse = z.infer<typeof IdentitySecretResponseSchema>;

/** One of the customer's conversations, with the agent it is assigned to. */
export const CustomerConversationSchema = z.object({
  id: IdSchema,
  status: z.enum(CONVERSATION_STATUSES),
  assigneeId: IdSchema.nullable(),
  assigneeName: z.string().nullable(),
  createdAt: TimestampSchema,
  lastMessageAt: TimestampSchema,
});
export type CustomerConversation = z.infer<typeof CustomerConversationSchema>;

/** GET /api/customers/:id: the profile, conversations (newest first) and pages (newest first). */
export const CustomerProfileResponseSchema = z.object({
  customer: CustomerSchema,
  conversations: z.array(CustomerConversationSchema),
  pages: z.array(PageViewSchema),
});
export type CustomerProfileResponse = z.infer<typeof CustomerProfileResponseSchema>;

/** '' clears a field (null). */
function clearable(schema: z.ZodString) {
  return z.preprocess((v) => (v === '' ? null : v), schema.nullable().optional());
}

const TagSchema = z
  .string()
  .trim()
  .min(1, 'Tags cannot be empty.')
  .max(MAX_TAG_LENGTH, `Tags can be at most ${MAX_TAG_LENGTH} characters.`);

/** PATCH /api/customers/:id (agents): only the fields sent change. Answers { customer }. */
export const CustomerPatchRequestSchema = z
  .strictObject({
    name: clearable(z.string().trim().max(MAX_CUSTOMER_NAME_LENGTH)),
    phone: clearable(
      z
        .string()
        .trim()
        .max(MAX_PHONE_LENGTH)
        .regex(
          /^\+?[0-9][0-9 ().-]*$/,
          'The phone number may hold digits, spaces, + ( ) . - only.',
        ),
    ),
    notes: z.string().max(MAX_NOTES_LENGTH).optional(),
    tags: z
      .array(TagSchema)
      .max(MAX_TAGS, `A customer can have at most ${MAX_TAGS} tags.`)
      .transform((tags) => [...new Set(tags)])
      .optional(),
  })
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), {
    message: 'Send at least one of name, phone, notes, tags.',
  });
export type CustomerPatchRequest = z.output<typeof CustomerPatchRequestSchema>;

export const CustomerResponseSchema = z.object({ customer: CustomerSchema });
