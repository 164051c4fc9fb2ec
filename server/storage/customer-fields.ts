import type { Selectable } from 'kysely';
import {
  IDENTITY_KINDS,
  type Customer,
  type CustomerIdentity,
  type PageView,
} from '../../protocol';
import type { CustomerTable } from './schema';

// The profile columns of `customers` (migration 0005) and their JSON. Rows written before 0005
// hold NULL there: they read as no phone, no notes, no tags, no claims, seen when created.

export const CUSTOMER_PROFILE_COLUMNS = [
  'external_id',
  'phone',
  'notes',
  'tags',
  'identities',
  'first_seen_at',
  'last_seen_at',
  'last_page',
  'merged_into_id',
] as const satisfies readonly (keyof CustomerTable)[];

export type CustomerProfileRow = Partial<
  Pick<Selectable<CustomerTable>, (typeof CUSTOMER_PROFILE_COLUMNS)[number]>
>;

type ProfileFields = Omit<Customer, 'id' | 'workspaceId' | 'name' | 'email' | 'createdAt'>;

function parseJson(text: string | null | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function parseTags(text: string | null | undefined): string[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
}

function isIdentity(value: unknown): value is CustomerIdentity {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (IDENTITY_KINDS as readonly unknown[]).includes(v.kind) &&
    typeof v.value === 'string' &&
    typeof v.verified === 'boolean' &&
    typeof v.at === 'number'
  );
}

export function parseIdentities(text: string | null | undefined): CustomerIdentity[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value.filter(isIdentity) : [];
}

export function parsePage(text: string | null | undefined): PageView | null {
  const v = parseJson(text) as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null) return null;
  if (typeof v.url !== 'string' || typeof v.title !== 'string' || typeof v.at !== 'number') {
    return null;
  }
  return { url: v.url, title: v.title, at: v.at };
}

const num = (value: number | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

/** The profile part of a Customer; `createdAt` stands in for first and last seen when unset. */
export function customerProfile(row: CustomerProfileRow, createdAt: number): ProfileFields {
  return {
    externalId: row.external_id ?? null,
    phone: row.phone ?? null,
    notes: row.notes ?? '',
    tags: parseTags(row.tags),
    identities: parseIdentities(row.identities),
    firstSeenAt: num(row.first_seen_at) ?? createdAt,
    lastSeenAt: num(row.last_seen_at) ?? createdAt,
    lastPage: parsePage(row.last_page),
    mergedIntoId: row.merged_into_id ?? null,
  };
}
