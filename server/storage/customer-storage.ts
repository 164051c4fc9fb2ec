import type { Customer, CustomerProfileResponse } from '../../protocol';
import type { Written } from './storage';

// Types of the storage methods for identity, page reports and profiles (RapportStorage).

export interface IdentitySecret {
  /** 64 hex characters; sites use the string itself as the HMAC key. */
  secret: string;
  rotatedAt: number;
}

export interface IdentifyInput {
  workspaceId: string;
  /** The customer behind the visitor's token now. */
  customerId: string;
  /** The visitor token's hash: re-pointed when another signed-in user identifies on it. */
  tokenHash: string;
  externalId: string;
  email?: string | undefined;
  name?: string | undefined;
  /** The hash matched the workspace's secret (checked by the caller, in constant time). */
  verified: boolean;
  now: number;
}

/**
 * - claimed: unverified; stored as claims on the visitor's own customer, nothing else changed;
 * - linked: the visitor's customer has this external id (now or already);
 * - merged: the anonymous visitor was this known customer: everything moved to it;
 * - switched: the browser was linked to another external id (another user signed in): its token
 *   now stands for this id's customer (found or new); nothing moved between the two.
 */
export type IdentifyOutcome = 'claimed' | 'linked' | 'merged' | 'switched';

export type IdentifyResult = Written<{
  outcome: IdentifyOutcome;
  /** The customer the token stands for after identify. */
  customer: Customer;
  /** With 'merged': the visitor's customer that no longer exists on its own. */
  mergedCustomerId?: string;
}> | null;

export interface CustomerPatch {
  name?: string | null | undefined;
  phone?: string | null | undefined;
  notes?: string | undefined;
  tags?: string[] | undefined;
}

export interface PageViewInput {
  workspaceId: string;
  customerId: string;
  url: string;
  title: string;
  now: number;
}

export interface CustomerStorageMethods {
  /** The workspace's identity secret, created on first use; null for an unknown workspace. */
  getIdentitySecret(workspaceId: string, now: number): Promise<IdentitySecret | null>;
  /** A new secret at once: hashes made with the old one stop verifying. */
  rotateIdentitySecret(workspaceId: string, now: number): Promise<IdentitySecret | null>;
  /** Link, merge, switch or store a claim (see IdentifyOutcome); null for an unknown customer. */
  identifyCustomer(input: IdentifyInput): Promise<IdentifyResult>;
  /** Store a visited page (the latest PAGES_KEPT_PER_CUSTOMER are kept) and the last seen time. */
  recordPageView(input: PageViewInput): Promise<Written<{ customer: Customer }> | null>;
  /** Profile, conversations and pages; a merged visitor's id gives the customer it merged into. */
  getCustomerProfile(
    workspaceId: string,
    customerId: string,
  ): Promise<CustomerProfileResponse | null>;
  /** Change the fields given; no change (and no seq) when they already have these values. */
  updateCustomer(
    workspaceId: string,
    customerId: string,
    patch: CustomerPatch,
  ): Promise<Written<{ customer: Customer }> | null>;
}
